using System.Xml.Linq;

using CrawlCluster.TestSupport;

namespace CrawlCluster.Cli.Tests.Architecture;

/// <summary>
/// References only point down (DESIGN.md §3); Core holds no I/O package (STYLE.md guideline 2); components reach the
/// store, the bus and the sink's database only through Core's ports, so none of them references a Redis, Garnet, Kafka,
/// PostgreSQL or SQLite client (issue 11).
/// </summary>
[Trait("Kind", "Unit")]
public sealed class ProjectReferenceTests
{
    private static readonly string[] Components =
        ["CrawlCluster.KafkaMonitor", "CrawlCluster.Crawler", "CrawlCluster.RedisMonitor", "CrawlCluster.Rest", "CrawlCluster.Sink"];

    private static readonly string[] BannedInComponents =
        ["StackExchange.Redis", "Microsoft.Garnet", "Garnet", "Tsavorite", "Confluent.Kafka", "Npgsql", "Microsoft.Data.Sqlite"];

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["CrawlCluster.Core"] = [],
        ["CrawlCluster.Store"] = ["CrawlCluster.Core"],
        ["CrawlCluster.Messaging"] = ["CrawlCluster.Core"],
        ["CrawlCluster.Store.Embedded"] = ["CrawlCluster.Core", "CrawlCluster.Store"],
        ["CrawlCluster.Sink.Databases"] = ["CrawlCluster.Core"],
    };

    public static TheoryData<string> SourceProjects()
    {
        var data = new TheoryData<string>();
        foreach (var project in Directory.GetDirectories(Path.Combine(RepositoryRoot.Path, "src")).Select(Path.GetFileName).Order())
        {
            data.Add(project!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Project_ReferencesOnlyProjectsBelowIt(string project)
    {
        var references = ProjectReferences(project);

        if (project == "CrawlCluster.Cli")
        {
            return;
        }

        var allowed = Components.Contains(project)
            ? ["CrawlCluster.Core"]
            : Allowed.GetValueOrDefault(project) ?? throw new InvalidOperationException($"{project} has no place in DESIGN.md §3; add it to this test.");
        Assert.Empty(references.Except(allowed));
    }

    [Fact]
    public void Core_ReferencesNoIoPackage()
    {
        string[] banned = ["StackExchange.Redis", "Confluent.Kafka", "Npgsql", "Microsoft.Garnet", "Microsoft.Data.Sqlite"];

        var packages = Elements("CrawlCluster.Core", "PackageReference").ToList();

        Assert.NotEmpty(packages);
        Assert.Empty(packages.Intersect(banned));
    }

    [Theory]
    [MemberData(nameof(ComponentProjects))]
    public void Component_ReferencesNoStoreOrBusClientPackage(string project)
    {
        var packages = Elements(project, "PackageReference").ToList();

        Assert.DoesNotContain(packages, p => BannedInComponents.Any(banned => p.StartsWith(banned, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(ComponentProjects))]
    public void ComponentAssembly_LoadsNoStoreOrBusClient(string project)
    {
        // The built assembly, not only the project file: a transitive reference would show here.
        var assembly = System.Reflection.Assembly.Load(project);

        var referenced = assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(referenced);
        Assert.DoesNotContain(referenced, r => BannedInComponents.Any(banned => r.StartsWith(banned, StringComparison.Ordinal))
            || r is "CrawlCluster.Store" or "CrawlCluster.Store.Embedded" or "CrawlCluster.Messaging");
    }

    public static TheoryData<string> ComponentProjects()
    {
        var data = new TheoryData<string>();
        foreach (var component in Components)
        {
            data.Add(component);
        }

        return data;
    }

    [Fact]
    public void OnlyCli_ReferencesTheEmbeddedStore()
    {
        var offenders = Directory.GetDirectories(Path.Combine(RepositoryRoot.Path, "src")).Select(d => Path.GetFileName(d)!)
            .Where(p => p is not "CrawlCluster.Cli" && ProjectReferences(p).Contains("CrawlCluster.Store.Embedded"));

        Assert.Empty(offenders);
    }

    private static string[] ProjectReferences(string project) =>
        [.. Elements(project, "ProjectReference").Select(include => Path.GetFileNameWithoutExtension(include.Replace('\\', '/')))];

    private static IEnumerable<string> Elements(string project, string element)
    {
        var document = XDocument.Load(Path.Combine(RepositoryRoot.Path, "src", project, project + ".csproj"));
        return document.Descendants(element).Select(e => (string?)e.Attribute("Include")).OfType<string>();
    }
}
