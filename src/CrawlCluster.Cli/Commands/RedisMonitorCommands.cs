using System.CommandLine;
using CrawlCluster.Cli.Configuration;
using CrawlCluster.Cli.Hosting;
using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Stats;
using CrawlCluster.RedisMonitor;
using CrawlCluster.RedisMonitor.Jobs;
using CrawlCluster.Store.Dedup;

namespace CrawlCluster.Cli.Commands;

/// <summary><c>crawlcluster redis-monitor</c>: the original's <c>redis_monitor.py</c>.</summary>
internal static class RedisMonitorCommands
{
    /// <summary>The command.</summary>
    public static Command Run(SettingsLoader loader)
    {
        var metricsPort = MetricsEndpoint.CreateOption();
        var command = new Command("redis-monitor", CommandCatalog.Get("redis-monitor").Summary) { metricsPort };
        CommandRunner.SetAction(command, async (parseResult, interrupted) =>
        {
            using var shutdown = new ShutdownSignal(interrupted);
            using var scope = CommandScope.Create(parseResult, loader, RedisMonitorSettings.Sections);
            var logger = scope.Logger("CrawlCluster.RedisMonitor");
            return await ClusterComponent.RunAsync("redis-monitor", scope, logger, parseResult.InvocationConfiguration.Error, shutdown.Token, parseResult.GetValue(metricsPort),
                (infrastructure, services) =>
            {
                infrastructure.Register(services, DupeFilterSettings.Default, scope.Get<DomainConfigOptions>().DocumentName);
                services.AddRedisMonitor(scope.Get<RedisMonitorOptions>(), scope.Get<StatsOptions>(), scope.Get<TopicOptions>());
            }).ConfigureAwait(false);
        });
        return command;
    }
}
