using System.CommandLine;

namespace CrawlCluster.Cli.Commands;

/// <summary>A registered subcommand whose issue has not landed: it says so and exits 3.</summary>
internal static class NotBuiltCommand
{
    /// <summary>Creates the command for <paramref name="info"/>'s last path word.</summary>
    public static Command Create(CommandInfo info)
    {
        var command = new Command(info.Path.Split(' ')[^1], info.Summary)
        {
            // Accept the arguments the finished command will take, so the message is about the command, not the syntax.
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parseResult, _) =>
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"crawlcluster {info.Path}: not built yet").ConfigureAwait(false);
            return ExitCodes.NotBuilt;
        });
        return command;
    }
}
