using System.Diagnostics;
using CrawlCluster.TestSupport;

namespace CrawlCluster.Cli.Tests.Wrapper;

/// <summary>The <c>./crawlcluster</c> wrapper rebuilds when a source changed, never because of build outputs.</summary>
[Trait("Kind", "Integration")]
public sealed class WrapperScriptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cc-wrapper-").FullName;

    public WrapperScriptTests()
    {
        File.Copy(Path.Combine(RepositoryRoot.Path, "crawlcluster"), Path.Combine(_root, "crawlcluster"));
        Directory.CreateDirectory(Path.Combine(_root, "src", "CrawlCluster.Cli", "bin", "Release"));
        Directory.CreateDirectory(Path.Combine(_root, "src", "CrawlCluster.Cli", "obj"));
        Directory.CreateDirectory(Path.Combine(_root, "artifacts", "cli"));
        File.WriteAllText(Path.Combine(_root, "src", "CrawlCluster.Cli", "Program.cs"), "// source");
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_root, "Directory.Packages.props"), "<Project />");
        var old = DateTime.UtcNow.AddHours(-1);
        foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, old);
        }

        File.WriteAllText(Path.Combine(_root, "artifacts", "cli", "crawlcluster.dll"), "not really");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task BuildOutputsNewerThanTheExecutable_DoNotTriggerARebuild()
    {
        File.WriteAllText(Path.Combine(_root, "src", "CrawlCluster.Cli", "bin", "Release", "crawlcluster.deps.json"), "{}");
        File.WriteAllText(Path.Combine(_root, "src", "CrawlCluster.Cli", "obj", "project.assets.json"), "{}");

        var error = await RunAsync();

        Assert.DoesNotContain("building", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASourceNewerThanTheExecutable_TriggersARebuild()
    {
        File.SetLastWriteTimeUtc(Path.Combine(_root, "src", "CrawlCluster.Cli", "Program.cs"), DateTime.UtcNow.AddMinutes(1));

        var error = await RunAsync();

        Assert.Contains("crawlcluster: building", error, StringComparison.Ordinal);
    }

    private async Task<string> RunAsync()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = _root };
        start.ArgumentList.Add(Path.Combine(_root, "crawlcluster"));
        start.ArgumentList.Add("--version");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return await error;
    }
}
