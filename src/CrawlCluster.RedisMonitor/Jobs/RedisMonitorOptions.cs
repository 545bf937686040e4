using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.RedisMonitor.Jobs;

/// <summary>The Redis Monitor's own settings (CONTRACT.md Part B §4.8).</summary>
internal sealed class RedisMonitorOptions
{
    /// <summary>Job plugins by name and rank; null disables one.</summary>
    [ConfigurationKeyName("PLUGINS")]
    public Dictionary<string, int?> Plugins { get; set; } = new()
    {
        ["InfoMonitor"] = 100,
        ["StatusMonitor"] = 150,
        ["StopMonitor"] = 200,
        ["ExpireMonitor"] = 300,
        ["StatsMonitor"] = 400,
        ["ZookeeperMonitor"] = 500,
    };

    /// <summary>The folder searched for assemblies of custom plugins (public classes implementing IRedisMonitorPlugin).</summary>
    /// <value>The default is <c>plugins/</c>.</value>
    [ConfigurationKeyName("PLUGIN_DIR")]
    public string PluginDirectory { get; set; } = "plugins/";

    /// <summary>Retry a failed job on later rounds.</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("RETRY_FAILURES")]
    public bool RetryFailures { get; set; } = true;

    /// <summary>Retries before a failed job is given up (with an answer saying so).</summary>
    /// <value>The default is 3.</value>
    [ConfigurationKeyName("RETRY_FAILURES_MAX"), Range(0, 1000, ErrorMessage = "must be between {1} and {2}")]
    public int RetryFailuresMax { get; set; } = 3;

    /// <summary>Seconds a job lock lives without renewal.</summary>
    /// <value>The default is 6.</value>
    [ConfigurationKeyName("REDIS_LOCK_EXPIRATION"), Range(1, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int LockExpirationSeconds { get; set; } = 6;

    /// <summary>Seconds to pause between rounds.</summary>
    /// <value>The default is 0.1.</value>
    [ConfigurationKeyName("SLEEP_TIME"), Range(0.0, 3600.0, ErrorMessage = "must be between {1} and {2} seconds")]
    public double SleepSeconds { get; set; } = 0.1;

    /// <summary>Seconds the heartbeat key lives.</summary>
    /// <value>The default is 120.</value>
    [ConfigurationKeyName("HEARTBEAT_TIMEOUT"), Range(1, 86_400, ErrorMessage = "must be between {1} and {2} seconds")]
    public int HeartbeatTimeoutSeconds { get; set; } = 120;

    /// <summary>Include crawler stats in the periodic stats dump.</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("STATS_DUMP_CRAWL")]
    public bool StatsDumpCrawl { get; set; } = true;

    /// <summary>Include queue stats in the periodic stats dump.</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("STATS_DUMP_QUEUE")]
    public bool StatsDumpQueue { get; set; } = true;

    /// <summary>Count total and failed jobs.</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("STATS_TOTAL")]
    public bool StatsTotal { get; set; } = true;

    /// <summary>Count jobs per plugin.</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("STATS_PLUGINS")]
    public bool StatsPlugins { get; set; } = true;

    /// <summary>
    /// Seconds a crawl must have had nothing pending or in flight before it is finished: its <c>crawl_complete</c>
    /// notice is published once, and status answers say <c>finished</c>.
    /// </summary>
    /// <value>The default is 5.</value>
    [ConfigurationKeyName("CRAWL_COMPLETE_QUIET"), Range(0, 86_400, ErrorMessage = "must be between {1} and {2} seconds")]
    public int CrawlCompleteQuietSeconds { get; set; } = 5;
}
