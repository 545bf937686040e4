using CrawlCluster.Cli.Commands;

namespace CrawlCluster.Cli.Tests.Commands;

[Trait("Kind", "Unit")]
public sealed class CrawlClusterCommandTests
{
    [Fact]
    public async Task Help_ListsEverySubcommandWithPurposeAndExample()
    {
        var (exitCode, output, _) = await CliRun.InvokeAsync(["--help"]);

        Assert.Equal(0, exitCode);
        foreach (var info in CommandCatalog.All)
        {
            Assert.Contains($"Command '{info.Path}'", output, StringComparison.Ordinal);
            Assert.Contains($"  purpose: {info.Summary}", output, StringComparison.Ordinal);
            Assert.Contains($"  example: {info.Example}", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Catalog_HasEveryProcessOfTheDesign()
    {
        string[] design = ["kafka-monitor run", "kafka-monitor feed", "crawler", "redis-monitor", "rest", "sink", "sink migrate", "dump", "list",
            "config push", "config show", "up", "crawl", "dev kafka-mock"];

        Assert.Empty(design.Except(CommandCatalog.All.Select(c => c.Path)));
    }

    [Fact]
    public async Task Executable_Version_PrintsTheVersion()
    {
        var (exitCode, output, _) = await CliProcess.RunAsync("--version");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("0.1.0", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("crawl")]
    [InlineData("crawl", "http://a.test/", "--depth", "abc")]
    public async Task Executable_UsageError_Exits2(params string[] args)
    {
        var (exitCode, _, error) = await CliProcess.RunAsync(args);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.StartsWith("crawlcluster: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executable_BadSetting_Exits2WithOneLineAndNoStackTrace()
    {
        var (exitCode, output, error) = await CliProcess.RunAsync("--set", "QUEUE_HITS=abc", "settings");

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Equal("crawlcluster: QUEUE_HITS (from --set): 'abc' is not an integer", error.Trim());
        Assert.Empty(output);
    }

    [Fact]
    public async Task UnknownCommand_IsAUsageError()
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync(["fly"]);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("fly", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "crawlcluster: Required command was not provided.")]
    [InlineData(new[] { "crawl" }, "crawlcluster: Required argument missing for command: 'crawl'.")]
    [InlineData(new[] { "crawl", "http://a.test/", "--depth", "abc" }, "crawlcluster: Cannot parse argument 'abc' for option '--depth' as a whole number.")]
    public async Task UsageErrors_Exit2_InTheUsersWords_PointingToHelp(string[] args, string expected)
    {
        var (exitCode, output, error) = await CliRun.InvokeAsync(args);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Equal(expected, error.Split('\n')[0].Trim());
        Assert.Contains("--help' for usage.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }
}
