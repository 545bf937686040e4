using Microsoft.Extensions.Configuration;
using CrawlCluster.Core.Settings;

namespace CrawlCluster.Crawler.Pipelines;

/// <summary>What the crawler publishes (CONTRACT.md Part B §2.8–2.9).</summary>
internal sealed class CrawlerOutputOptions
{
    /// <summary>Base64-encode bodies in crawled results.</summary>
    /// <value>The default is false.</value>
    [ConfigurationKeyName("KAFKA_BASE_64_ENCODE")]
    public bool Base64Encode { get; set; }

    /// <summary>Count responses per status code in the stats keys.</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("STATS_STATUS_CODES")]
    public bool StatsStatusCodes { get; set; } = true;

    /// <summary>The status codes counted (the original's docs call this STATUS_RESPONSE_CODES).</summary>
    /// <value>The default is 200, 404, 403, 504.</value>
    [ConfigurationKeyName("STATS_RESPONSE_CODES"), SettingAlias("STATUS_RESPONSE_CODES")]
    public int[] StatsResponseCodes { get; set; } = [200, 404, 403, 504];
}
