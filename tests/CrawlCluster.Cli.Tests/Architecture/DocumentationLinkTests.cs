using System.Text.RegularExpressions;
using CrawlCluster.TestSupport;

namespace CrawlCluster.Cli.Tests.Architecture;

/// <summary>The README and docs/ stand alone: every relative link resolves, and none sends a reader to a paper outside the repository.</summary>
[Trait("Kind", "Unit")]
public sealed partial class DocumentationLinkTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        data.Add("README.md");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryRoot.Path, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryRelativeLink_Resolves(string document)
    {
        var path = Path.Combine(RepositoryRoot.Path, document);
        var folder = Path.GetDirectoryName(path)!;

        var broken = Link().Matches(File.ReadAllText(path)).Select(m => m.Groups["target"].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith('#') && !target.StartsWith("mailto:", StringComparison.Ordinal))
            .Select(target => target.Split('#')[0])
            .Where(target => target.Length > 0 && !File.Exists(Path.Combine(folder, target)) && !Directory.Exists(Path.Combine(folder, target)))
            .ToList();

        Assert.Empty(broken);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void NoDocument_CitesTheDesignPapersOutsideTheRepository(string document)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, document));

        Assert.DoesNotContain("CONTRACT.md", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DESIGN.md", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();
}
