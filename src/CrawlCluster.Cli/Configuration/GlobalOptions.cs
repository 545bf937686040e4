using System.CommandLine;

namespace CrawlCluster.Cli.Configuration;

/// <summary>The options every command accepts: where settings come from, and the log level.</summary>
internal sealed class GlobalOptions
{
    /// <summary><c>--settings FILE</c>: the original's localsettings override, as JSON.</summary>
    public Option<string?> SettingsFile { get; } = new("--settings", "-s")
    {
        Description = "Settings file (JSON) to use instead of ./localsettings.json",
        Recursive = true,
        HelpName = "FILE",
    };

    /// <summary><c>--set KEY=VALUE</c>, repeatable; the highest settings layer.</summary>
    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override one setting, e.g. --set QUEUE_HITS=5 (repeatable)",
        Recursive = true,
        HelpName = "KEY=VALUE",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary><c>--log-level LEVEL</c>, shorthand for <c>--set LOG_LEVEL=LEVEL</c> (and <c>SC_LOG_LEVEL</c>).</summary>
    public Option<string?> LogLevel { get; } = new("--log-level", "-ll")
    {
        Description = "DEBUG, INFO, WARNING, ERROR or CRITICAL",
        Recursive = true,
        HelpName = "LEVEL",
    };

    /// <summary>All three, to add to the root command.</summary>
    public IEnumerable<Option> All => [SettingsFile, Set, LogLevel];
}
