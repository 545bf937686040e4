using System.CommandLine;
using CrawlCluster.Core.Settings;

namespace CrawlCluster.Cli.Commands;

/// <summary>Runs a command's work, turning settings errors into one-line messages and exit code 2.</summary>
internal static class CommandRunner
{
    /// <summary>Sets <paramref name="command"/>'s action to <paramref name="work"/>, wrapped.</summary>
    public static void SetAction(Command command, Func<ParseResult, CancellationToken, Task<int>> work) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await work(parseResult, cancellationToken).ConfigureAwait(false);
            }
            catch (SettingsException ex)
            {
                var error = parseResult.InvocationConfiguration.Error;
                foreach (var line in ex.Errors)
                {
                    await error.WriteLineAsync($"crawlcluster: {line}").ConfigureAwait(false);
                }

                return ExitCodes.UsageError;
            }
        });
}
