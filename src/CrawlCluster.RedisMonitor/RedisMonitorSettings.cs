using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Logging;
using CrawlCluster.Core.Settings;
using CrawlCluster.Core.Stats;
using CrawlCluster.Core.Bus;
using CrawlCluster.RedisMonitor.Jobs;
using CrawlCluster.Core.Store;

namespace CrawlCluster.RedisMonitor;

/// <summary>Every setting the Redis Monitor reads, with its defaults (CONTRACT.md Part B §4.8).</summary>
internal static class RedisMonitorSettings
{
    /// <summary>The component's name in <c>crawlcluster settings --component</c>.</summary>
    public const string Component = "redis-monitor";

    /// <summary>The logging section, whose logger name is <c>redis-monitor</c>.</summary>
    public static readonly SettingsSection Log =
        SettingsSection.For(() => new LogOptions { LoggerName = "redis-monitor", File = "redis_monitor.log" });

    /// <summary>All sections in the order <c>crawlcluster settings</c> prints them.</summary>
    public static readonly IReadOnlyList<SettingsSection> Sections =
    [
        SettingsSection.For(() => new RedisMonitorOptions()),
        SettingsSection.For(() => new TopicOptions()),
        SettingsSection.For(() => new RedisOptions()),
        SettingsSection.For(() => new BusOptions()),
        SettingsSection.For(() => new StatsOptions()),
        SettingsSection.For(() => new DomainConfigOptions()),
        Log,
    ];
}
