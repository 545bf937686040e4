using System.CommandLine;
using System.CommandLine.Help;
using CrawlCluster.Cli.Configuration;

namespace CrawlCluster.Cli.Commands;

/// <summary>Builds the <c>crawlcluster</c> command tree (DESIGN.md §2).</summary>
internal static class CrawlClusterCommand
{
    /// <summary>Creates the root command.</summary>
    /// <param name="environment">Environment variables for settings; null reads the process environment.</param>
    public static RootCommand Create(IReadOnlyDictionary<string, string?>? environment = null)
    {
        var globals = new GlobalOptions();
        var loader = new SettingsLoader(globals, environment);
        var root = new RootCommand(
            "CrawlCluster: a distributed, on-demand web-crawling cluster, wire-compatible with Scrapy Cluster 1.3.");
        foreach (var option in globals.All)
        {
            root.Options.Add(option);
        }

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExamplesHelpAction((HelpAction)help.Action!);

        root.Subcommands.Add(CrawlCommand.Create(loader));
        root.Subcommands.Add(UpCommand.Create(loader));
        root.Subcommands.Add(Group("kafka-monitor", "The Kafka Monitor: ingest of crawl, action, stats and config requests",
            KafkaMonitorCommands.Run(loader),
            BusCommands.Feed(loader)));
        root.Subcommands.Add(CrawlerCommands.Run(loader));
        root.Subcommands.Add(RedisMonitorCommands.Run(loader));
        root.Subcommands.Add(RestCommands.Run(loader));
        root.Subcommands.Add(SinkCommands.Create(loader));
        root.Subcommands.Add(BusCommands.Dump(loader));
        root.Subcommands.Add(BusCommands.List(loader));
        root.Subcommands.Add(Group("config", "The cluster's domain configuration (throttles and blacklist)",
            ConfigCommands.Push(loader),
            ConfigCommands.Show(loader)));
        root.Subcommands.Add(Group("dev", "Tools for trying CrawlCluster on one machine", DevCommands.KafkaMock()));
        root.Subcommands.Add(SettingsCommand.Create(loader));
        return root;
    }

    /// <summary>
    /// Parses and runs a command line. A usage error — no command, a missing argument, a value of the wrong type — is
    /// one line in the user's words and exit code 2, as <c>--help</c> documents (System.CommandLine alone exits 1).
    /// </summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, InvocationConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(configuration);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count == 0)
        {
            return await parsed.InvokeAsync(configuration).ConfigureAwait(false);
        }

        var error = configuration.Error;
        foreach (var problem in parsed.Errors.Select(e => e.Message).Distinct())
        {
            await error.WriteLineAsync("crawlcluster: " + InUserWords(problem)).ConfigureAwait(false);
        }

        await error.WriteLineAsync($"Run '{string.Join(' ', CommandPath(parsed.CommandResult))} --help' for usage.").ConfigureAwait(false);
        return ExitCodes.UsageError;
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? command) =>
        command is null ? [] : [.. CommandPath(command.Parent as System.CommandLine.Parsing.CommandResult), command.Command is RootCommand ? "crawlcluster" : command.Command.Name];

    private static string InUserWords(string message) => message
        .Replace("as expected type 'System.Int32'", "as a whole number", StringComparison.Ordinal)
        .Replace("as expected type 'System.Nullable`1[System.Int32]'", "as a whole number", StringComparison.Ordinal)
        .Replace("as expected type 'System.Int64'", "as a whole number", StringComparison.Ordinal)
        .Replace("as expected type 'System.Double'", "as a number", StringComparison.Ordinal)
        .Replace("as expected type 'System.Boolean'", "as true or false", StringComparison.Ordinal);

    private static Command Group(string name, string description, params Command[] subcommands)
    {
        var group = new Command(name, description);
        foreach (var subcommand in subcommands)
        {
            group.Subcommands.Add(subcommand);
        }

        return group;
    }
}
