using System.ComponentModel.DataAnnotations;
using CrawlCluster.Core.Keys;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.KafkaMonitor.Ingest;

/// <summary>The Kafka Monitor's own settings (CONTRACT.md Part B §1.8).</summary>
internal sealed class KafkaMonitorOptions
{
    /// <summary>The topic requests arrive on.</summary>
    /// <value>The default is <c>demo.incoming</c>.</value>
    [ConfigurationKeyName("KAFKA_INCOMING_TOPIC"), Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty")]
    public string IncomingTopic { get; set; } = TopicNames.DefaultIncoming;

    /// <summary>The consumer group that Kafka Monitors share.</summary>
    /// <value>The default is <c>demo-group</c>.</value>
    [ConfigurationKeyName("KAFKA_GROUP"), Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty")]
    public string Group { get; set; } = "demo-group";

    /// <summary>Seconds <c>feed</c> waits for the bus to take a message.</summary>
    /// <value>The default is 10.</value>
    [ConfigurationKeyName("KAFKA_FEED_TIMEOUT"), Range(1, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int FeedTimeoutSeconds { get; set; } = 10;

    /// <summary>The folder searched for plugin assemblies.</summary>
    /// <value>The default is <c>plugins/</c>.</value>
    [ConfigurationKeyName("PLUGIN_DIR")]
    public string PluginDirectory { get; set; } = "plugins/";

    /// <summary>Plugins by name and rank; lower ranks are tried first, null disables one.</summary>
    [ConfigurationKeyName("PLUGINS")]
    public Dictionary<string, int?> Plugins { get; set; } = new()
    {
        ["ScraperHandler"] = 100,
        ["ActionHandler"] = 200,
        ["StatsHandler"] = 300,
        ["ZookeeperHandler"] = 400,
    };

    /// <summary>Seconds to pause between polling rounds when idle.</summary>
    /// <value>The default is 0.01.</value>
    [ConfigurationKeyName("SLEEP_TIME"), Range(0.0, 3600.0, ErrorMessage = "must be between {1} and {2} seconds")]
    public double SleepSeconds { get; set; } = 0.01;

    /// <summary>Seconds the heartbeat key lives.</summary>
    /// <value>The default is 120.</value>
    [ConfigurationKeyName("HEARTBEAT_TIMEOUT"), Range(1, 86_400, ErrorMessage = "must be between {1} and {2} seconds")]
    public int HeartbeatTimeoutSeconds { get; set; } = 120;

    /// <summary>Requests larger than this are refused with a log line and counted as failed.</summary>
    /// <value>The default is 1 MiB.</value>
    [ConfigurationKeyName("KAFKA_MONITOR_MAX_REQUEST_BYTES"), Range(256, 64 * 1024 * 1024, ErrorMessage = "must be between {1} and {2} bytes")]
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Requests handled at once; the bus position is committed in order, each only after its request was handled.
    /// </summary>
    /// <value>The default is 256.</value>
    [ConfigurationKeyName("KAFKA_MONITOR_CONCURRENCY"), Range(1, 65_536, ErrorMessage = "must be between {1} and {2}")]
    public int Concurrency { get; set; } = 256;

    /// <summary>Count total and failed messages.</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("STATS_TOTAL")]
    public bool StatsTotal { get; set; } = true;

    /// <summary>Count messages per plugin.</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("STATS_PLUGINS")]
    public bool StatsPlugins { get; set; } = true;
}
