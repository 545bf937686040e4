using CrawlCluster.Core.Domains;
using CrawlCluster.Core.Logging;
using CrawlCluster.Core.Settings;
using CrawlCluster.Core.Stats;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Store;

namespace CrawlCluster.KafkaMonitor;

/// <summary>Every setting the Kafka Monitor reads, with its defaults (CONTRACT.md Part B §1.8).</summary>
internal static class KafkaMonitorSettings
{
    /// <summary>The component's name in <c>crawlcluster settings --component</c>.</summary>
    public const string Component = "kafka-monitor";

    /// <summary>The logging section, whose logger name is <c>kafka-monitor</c>.</summary>
    public static readonly SettingsSection Log =
        SettingsSection.For(() => new LogOptions { LoggerName = "kafka-monitor", File = "kafka_monitor.log" });

    /// <summary>All sections in the order <c>crawlcluster settings</c> prints them.</summary>
    public static readonly IReadOnlyList<SettingsSection> Sections =
    [
        SettingsSection.For(() => new KafkaMonitorOptions()),
        SettingsSection.For(() => new RedisOptions()),
        SettingsSection.For(() => new BusOptions { AutoOffsetReset = "earliest" }),
        SettingsSection.For(() => new StatsOptions()),
        SettingsSection.For(() => new DomainOptions()),
        Log,
    ];
}
