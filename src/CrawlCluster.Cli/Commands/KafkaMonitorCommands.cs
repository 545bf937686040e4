using System.CommandLine;
using CrawlCluster.Cli.Configuration;
using CrawlCluster.Cli.Hosting;
using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Stats;
using CrawlCluster.KafkaMonitor;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.Store.Dedup;

namespace CrawlCluster.Cli.Commands;

/// <summary><c>crawlcluster kafka-monitor run</c>: the original's <c>kafka_monitor.py run</c>.</summary>
internal static class KafkaMonitorCommands
{
    /// <summary>The command.</summary>
    public static Command Run(SettingsLoader loader)
    {
        var metricsPort = MetricsEndpoint.CreateOption();
        var command = new Command("run", CommandCatalog.Get("kafka-monitor run").Summary) { metricsPort };
        CommandRunner.SetAction(command, async (parseResult, interrupted) =>
        {
            using var shutdown = new ShutdownSignal(interrupted);
            using var scope = CommandScope.Create(parseResult, loader, KafkaMonitorSettings.Sections);
            var logger = scope.Logger("CrawlCluster.KafkaMonitor");
            return await ClusterComponent.RunAsync("kafka-monitor", scope, logger, parseResult.InvocationConfiguration.Error, shutdown.Token, parseResult.GetValue(metricsPort),
                (infrastructure, services) =>
            {
                infrastructure.Register(services, DupeFilterSettings.Default, new DomainConfigOptions().DocumentName);
                services.AddKafkaMonitor(scope.Get<KafkaMonitorOptions>(), scope.Get<StatsOptions>());
            }).ConfigureAwait(false);
        });
        return command;
    }
}
