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
        root.Subcommands.Add(NotBuiltCommand.Create(CommandCatalog.Get("redis-monitor")));
        root.Subcommands.Add(NotBuiltCommand.Create(CommandCatalog.Get("rest")));
        root.Subcommands.Add(NotBuiltCommand.Create(CommandCatalog.Get("sink")));
        root.Subcommands.Add(BusCommands.Dump(loader));
        root.Subcommands.Add(BusCommands.List(loader));
        root.Subcommands.Add(Group("config", "The cluster's domain configuration (throttles and blacklist)",
            ConfigCommands.Push(loader),
            ConfigCommands.Show(loader)));
        root.Subcommands.Add(Group("dev", "Tools for trying CrawlCluster on one machine", DevCommands.KafkaMock()));
        root.Subcommands.Add(SettingsCommand.Create(loader));
        return root;
    }

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
