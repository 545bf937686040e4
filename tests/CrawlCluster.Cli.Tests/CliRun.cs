using System.CommandLine;
using CrawlCluster.Cli.Commands;

namespace CrawlCluster.Cli.Tests;

/// <summary>Runs the <c>crawlcluster</c> command tree in-process and captures what it prints.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Output, string Error)> InvokeAsync(
        string[] args, Dictionary<string, string?>? environment = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = CrawlClusterCommand.Create(environment ?? []);
        var exitCode = await CrawlClusterCommand.InvokeAsync(root, args, new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
