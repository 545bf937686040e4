using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Crawler.Downloading;

/// <summary>How pages are fetched (CONTRACT.md Part B §2.1; DESIGN.md §6.6).</summary>
internal sealed class DownloaderOptions
{
    /// <summary>Requests in flight per crawler process.</summary>
    /// <value>The default is 16, as Scrapy.</value>
    [ConfigurationKeyName("CONCURRENT_REQUESTS"), Range(1, 10_000, ErrorMessage = "must be between {1} and {2}")]
    public int ConcurrentRequests { get; set; } = 16;

    /// <summary>Requests in flight per domain per crawler process.</summary>
    /// <value>The default is 8, as Scrapy.</value>
    [ConfigurationKeyName("CONCURRENT_REQUESTS_PER_DOMAIN"), Range(1, 10_000, ErrorMessage = "must be between {1} and {2}")]
    public int ConcurrentRequestsPerDomain { get; set; } = 8;

    /// <summary>Seconds a download may take in all.</summary>
    /// <value>The default is 10.</value>
    [ConfigurationKeyName("DOWNLOAD_TIMEOUT"), Range(1, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>The largest body accepted, in bytes after decompression; larger responses are cut off and failed.</summary>
    /// <value>The default is 10 MiB.</value>
    [ConfigurationKeyName("DOWNLOAD_MAXSIZE"), Range(1024, long.MaxValue, ErrorMessage = "must be at least {1} bytes")]
    public long MaxSizeBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How many times a failed download is queued again.</summary>
    /// <value>The default is 3.</value>
    [ConfigurationKeyName("RETRY_TIMES"), Range(0, 100, ErrorMessage = "must be between {1} and {2}")]
    public int RetryTimes { get; set; } = 3;

    /// <summary>Statuses that are retried.</summary>
    /// <value>The default is Scrapy 1.5's: 500, 502, 503, 504, 522, 524, 408.</value>
    [ConfigurationKeyName("RETRY_HTTP_CODES")]
    public int[] RetryHttpCodes { get; set; } = [500, 502, 503, 504, 522, 524, 408];

    /// <summary>Redirects followed per request.</summary>
    /// <value>The default is 20, as Scrapy.</value>
    [ConfigurationKeyName("REDIRECT_MAX_TIMES"), Range(0, 100, ErrorMessage = "must be between {1} and {2}")]
    public int RedirectMaxTimes { get; set; } = 20;

    /// <summary>Obey robots.txt.</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("ROBOTSTXT_OBEY")]
    public bool RobotsTxtObey { get; set; } = true;

    /// <summary>
    /// Seconds a robots.txt that could not be read (a 5xx answer or no answer) keeps the site closed before it is asked
    /// again. A file that was read is kept for a day.
    /// </summary>
    /// <value>The default is 300.</value>
    [ConfigurationKeyName("ROBOTSTXT_FAILURE_CACHE"), Range(1, 86_400, ErrorMessage = "must be between {1} and {2} seconds")]
    public int RobotsTxtFailureCacheSeconds { get; set; } = 300;

    /// <summary>The User-Agent sent when a crawl sets none.</summary>
    [ConfigurationKeyName("USER_AGENT"), Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty")]
    public string UserAgent { get; set; } = "CrawlCluster/0.1 (+https://github.com/crawlcluster/crawlcluster)";

    /// <summary>Cache DNS answers (the connection pool is still renewed, so long-lived crawlers see DNS changes).</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("DNSCACHE_ENABLED")]
    public bool DnsCacheEnabled { get; set; } = true;

    /// <summary><c>host:address</c> pairs that bypass DNS, like curl's <c>--resolve</c>.</summary>
    [ConfigurationKeyName("HOST_RESOLVE")]
    public string[] HostResolve { get; set; } = [];

    /// <summary>Refuse private, loopback and link-local targets, after DNS and on every redirect.</summary>
    /// <value>The default is false; link-local (cloud metadata) addresses are refused always.</value>
    [ConfigurationKeyName("BLOCK_PRIVATE_NETWORKS")]
    public bool BlockPrivateNetworks { get; set; }
}
