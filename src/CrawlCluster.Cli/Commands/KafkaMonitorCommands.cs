using System.CommandLine;
using CrawlCluster.Cli.Configuration;
using CrawlCluster.Cli.Hosting;
using CrawlCluster.Core.Stats;
using CrawlCluster.KafkaMonitor;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.KafkaMonitor.Plugins;
using CrawlCluster.Messaging.Bus;
using CrawlCluster.Store.Connection;
using StackExchange.Redis;

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
            var cancellationToken = shutdown.Token;
            using var scope = CommandScope.Create(parseResult, loader, KafkaMonitorSettings.Sections);
            var logger = scope.Logger("CrawlCluster.KafkaMonitor");
            var error = parseResult.InvocationConfiguration.Error;
            var busOptions = scope.Get<BusOptions>();
            if (BusCommands.RejectMemory(busOptions, logger))
            {
                return ExitCodes.UsageError;
            }

            var redis = scope.Get<RedisOptions>();
            IConnectionMultiplexer store;
            try
            {
                store = await RedisConnection.ConnectAsync(redis).ConfigureAwait(false);
            }
            catch (RedisException ex)
            {
                await error.WriteLineAsync($"crawlcluster: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            await using var storeLifetime = (IAsyncDisposable)store;
            try
            {
                await using var bus = await BusFactory.CreateAsync(busOptions, redis, scope.Loggers).ConfigureAwait(false);
                var service = new KafkaMonitorService(bus, store, scope.Configuration, scope.Get<KafkaMonitorOptions>(),
                    scope.Get<StatsOptions>(), TimeProvider.System, logger);
                await service.RunAsync(cancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }
            catch (PluginLoadException ex)
            {
                await error.WriteLineAsync($"crawlcluster: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
            catch (Exception ex) when (ex is RedisException or Core.Bus.BusException)
            {
                await error.WriteLineAsync($"crawlcluster: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
