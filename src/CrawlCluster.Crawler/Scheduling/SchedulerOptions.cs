using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using CrawlCluster.Core.Settings;

namespace CrawlCluster.Crawler.Scheduling;

/// <summary>The distributed scheduler's settings (CONTRACT.md Part B §2.2).</summary>
internal sealed class SchedulerOptions
{
    /// <summary>Keep the shared queues when a crawler stops (the original deleted them when false).</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("SCHEDULER_PERSIST")]
    public bool Persist { get; set; } = true;

    /// <summary>Seconds between scans for domain queues written by other programs.</summary>
    /// <value>The default is 10.</value>
    [ConfigurationKeyName("SCHEDULER_QUEUE_REFRESH"), Range(1, 86_400, ErrorMessage = "must be between {1} and {2} seconds")]
    public int QueueRefreshSeconds { get; set; } = 10;

    /// <summary>Seconds an unused domain queue stays cached in memory.</summary>
    /// <value>The default is 3600.</value>
    [ConfigurationKeyName("SCHEDULER_QUEUE_TIMEOUT"), SettingAlias("SCHEDULER_QUEUE_TIEOUT"), Range(1, 31_536_000, ErrorMessage = "must be between {1} and {2} seconds")]
    public int QueueTimeoutSeconds { get; set; } = 3600;

    /// <summary>Keep queuing requests for blacklisted domains (they are never popped while blacklisted).</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("SCHEDULER_BACKLOG_BLACKLIST")]
    public bool BacklogBlacklist { get; set; } = true;

    /// <summary>Throttle per spider type as well as per domain.</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("SCHEDULER_TYPE_ENABLED")]
    public bool TypeEnabled { get; set; } = true;

    /// <summary>Throttle per public IP as well as per domain.</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("SCHEDULER_IP_ENABLED")]
    public bool IpEnabled { get; set; } = true;

    /// <summary>Seconds between public IP look-ups and crawler heartbeats.</summary>
    /// <value>The default is 60.</value>
    [ConfigurationKeyName("SCHEDULER_IP_REFRESH"), Range(1, 86_400, ErrorMessage = "must be between {1} and {2} seconds")]
    public int IpRefreshSeconds { get; set; } = 60;

    /// <summary>Passes over the ready domains before the scheduler waits for work.</summary>
    /// <value>The default is 3 (the code's value; the original's docs say 2).</value>
    [ConfigurationKeyName("SCHEDULER_ITEM_RETRIES"), SettingAlias("SCHEUDLER_ITEM_RETRIES"), Range(0, 100, ErrorMessage = "must be between {1} and {2}")]
    public int ItemRetries { get; set; } = 3;

    /// <summary>Where the crawler learns its public IP; empty turns the look-up off.</summary>
    /// <value>The default is <c>http://ip.42.pl/raw</c>.</value>
    [ConfigurationKeyName("PUBLIC_IP_URL")]
    public string PublicIpUrl { get; set; } = "http://ip.42.pl/raw";

    /// <summary>The first match of this regex in the look-up's answer is the IP.</summary>
    [ConfigurationKeyName("IP_ADDR_REGEX"), Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty")]
    public string IpAddressRegex { get; set; } = @"(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})";

    /// <summary>Seconds a crawl's fingerprint set lives after its last use.</summary>
    /// <value>The default is 600.</value>
    [ConfigurationKeyName("DUPEFILTER_TIMEOUT"), Range(1, 31_536_000, ErrorMessage = "must be between {1} and {2} seconds")]
    public int DupeFilterTimeoutSeconds { get; set; } = 600;

    /// <summary>
    /// <c>set</c> (the original's: exact, readable by the original's crawlers) or <c>bloom</c> (a Bloom filter per crawl:
    /// a fraction of the memory, a small rate of new pages taken for seen).
    /// </summary>
    /// <value>The default is <c>set</c>.</value>
    [ConfigurationKeyName("DUPEFILTER_TYPE"), Core.Logging.OneOf("set", "bloom")]
    public string DupeFilterType { get; set; } = "set";

    /// <summary>Pages a crawl's Bloom filter is sized for.</summary>
    /// <value>The default is 1000000.</value>
    [ConfigurationKeyName("DUPEFILTER_BLOOM_CAPACITY"), Range(1000, 1_000_000_000, ErrorMessage = "must be between {1} and {2}")]
    public long DupeFilterBloomCapacity { get; set; } = 1_000_000;

    /// <summary>The Bloom filter's false-positive rate at its capacity.</summary>
    /// <value>The default is 0.001.</value>
    [ConfigurationKeyName("DUPEFILTER_BLOOM_ERROR_RATE"), Range(0.000001, 0.5, ErrorMessage = "must be between {1} and {2}")]
    public double DupeFilterBloomErrorRate { get; set; } = 0.001;

    /// <summary>Pages per domain per crawl for every crawl; null means no global limit.</summary>
    [ConfigurationKeyName("GLOBAL_PAGE_PER_DOMAIN_LIMIT"), Range(1, int.MaxValue, ErrorMessage = "must be at least {1} (or null for no limit)")]
    public int? GlobalPagePerDomainLimit { get; set; }

    /// <summary>Seconds the global page counters live.</summary>
    /// <value>The default is 600.</value>
    [ConfigurationKeyName("GLOBAL_PAGE_PER_DOMAIN_LIMIT_TIMEOUT"), Range(1, 31_536_000, ErrorMessage = "must be between {1} and {2} seconds")]
    public int GlobalPagePerDomainLimitTimeoutSeconds { get; set; } = 600;

    /// <summary>Seconds the per-crawl <c>domain_max_pages</c> counters live.</summary>
    /// <value>The default is 600.</value>
    [ConfigurationKeyName("DOMAIN_MAX_PAGE_TIMEOUT"), Range(1, 31_536_000, ErrorMessage = "must be between {1} and {2} seconds")]
    public int DomainMaxPageTimeoutSeconds { get; set; } = 600;
}
