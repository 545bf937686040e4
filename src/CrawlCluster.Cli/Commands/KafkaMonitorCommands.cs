using System.CommandLine;
using CrawlCluster.Cli.Configuration;
using CrawlCluster.Cli.Hosting;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Stats;
using CrawlCluster.Core.Store;
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
        var command = new Command("run", CommandCatalog.Get("kafka-monitor run").Summary);
        CommandRunner.SetAction(command, async (parseResult, interrupted) =>
        {
            using var shutdown = new ShutdownSignal(interrupted);
            using var scope = CommandScope.Create(parseResult, loader, KafkaMonitorSettings.Sections);
            var logger = scope.Logger("CrawlCluster.KafkaMonitor");
            var error = parseResult.InvocationConfiguration.Error;
            var busOptions = scope.Get<BusOptions>();
            if (BusCommands.RejectMemory(busOptions, logger))
            {
                return ExitCodes.UsageError;
            }

            await using var infrastructure = await Infrastructure.TryOpenAsync(scope.Get<RedisOptions>(), busOptions, scope.Loggers, error).ConfigureAwait(false);
            if (infrastructure is null)
            {
                return ExitCodes.Failure;
            }

            using var host = ProcessHost.Build(scope.Configuration, scope.Loggers, services =>
            {
                infrastructure.Register(services, DupeFilterSettings.Default, new DomainConfigOptions().DocumentName);
                services.AddKafkaMonitor(scope.Get<KafkaMonitorOptions>(), scope.Get<StatsOptions>());
            });
            return await ProcessHost.RunAsync(host, error, shutdown.Token).ConfigureAwait(false);
        });
        return command;
    }
}
