using System.Diagnostics;
using CrawlCluster.TestSupport;

namespace CrawlCluster.IntegrationTests.Wrapper;

/// <summary>The executable <c>./crawlcluster</c> builds carries this platform's native files only.</summary>
[Trait("Kind", "Integration")]
public sealed class WrapperBuildTests
{
    [Fact]
    public async Task Wrapper_BuildsForThisPlatformOnly_Under100MiB()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "crawlcluster"));
        start.ArgumentList.Add("--version");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));

        Assert.True(process.ExitCode == 0, await error);
        Assert.StartsWith("0.", await output, StringComparison.Ordinal);
        var folder = new DirectoryInfo(Path.Combine(RepositoryRoot.Path, "artifacts", "cli"));
        Assert.False(Directory.Exists(Path.Combine(folder.FullName, "runtimes", "win-x64")));
        Assert.False(Directory.Exists(Path.Combine(folder.FullName, "runtimes", "osx-arm64")));
        var bytes = folder.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        Assert.InRange(bytes, 1, 100L * 1024 * 1024);
    }
}
