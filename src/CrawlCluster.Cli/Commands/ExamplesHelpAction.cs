using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace CrawlCluster.Cli.Commands;

/// <summary>
/// The standard help, and under the top-level help every subcommand's usage, purpose and an example: what the
/// original's ArgparseHelper printed (CONTRACT.md Part B §6.6).
/// </summary>
/// <param name="inner">The standard help action.</param>
internal sealed class ExamplesHelpAction(HelpAction inner) : SynchronousCommandLineAction
{
    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        var result = inner.Invoke(parseResult);
        if (parseResult.CommandResult.Command is not RootCommand)
        {
            return result;
        }

        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine("Commands in detail:");
        foreach (var info in CommandCatalog.All)
        {
            output.WriteLine();
            output.WriteLine($"Command '{info.Path}'");
            output.WriteLine($"  usage:   crawlcluster {info.Path} {info.Usage}".TrimEnd());
            output.WriteLine($"  purpose: {info.Summary}");
            output.WriteLine($"  example: {info.Example}");
        }

        output.WriteLine();
        output.WriteLine("Exit codes: 0 done, 1 failed, 2 bad usage or settings, 130 interrupted.");
        return result;
    }
}
