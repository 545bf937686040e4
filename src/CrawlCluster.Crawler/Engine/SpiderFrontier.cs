using CrawlCluster.Core.Caching;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Throttling;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Scheduling;

namespace CrawlCluster.Crawler.Engine;

/// <summary>
/// The frontier as this crawler process draws from it: one consumer for its spider type, leasing under each domain's
/// throttle — the cluster's domain configuration, else QUEUE_HITS and QUEUE_WINDOW — slowed to the domain's robots.txt
/// Crawl-delay, and keyed by the public IP when SCHEDULER_IP_ENABLED.
/// </summary>
internal sealed class SpiderFrontier
{
    private readonly DomainConfigWatcher _domainConfig;

    public SpiderFrontier(IFrontierConsumers consumers, string spiderId, DomainConfigWatcher domainConfig, PublicIpLookup? publicIp,
        SchedulerOptions scheduler, DownloaderOptions downloader, int cacheSize)
    {
        _domainConfig = domainConfig;
        CrawlDelays = new BoundedCache<string, TimeSpan>(cacheSize, StringComparer.Ordinal);

        // Long enough for robots.txt, the page and its publishing, each bounded by DOWNLOAD_TIMEOUT, plus a margin.
        var leaseTime = TimeSpan.FromSeconds((downloader.TimeoutSeconds * 4) + 10);
        Consumer = consumers.Open(spiderId, new FrontierSettings(leaseTime, PolicyFor,
            ThrottleType: scheduler.TypeEnabled ? spiderId : null, PublicIp: publicIp is null ? null : () => publicIp.Current, DomainCacheSize: cacheSize));
    }

    /// <summary>The consumer of the spider type's queues.</summary>
    public IFrontierConsumer Consumer { get; }

    /// <summary>Each domain's robots.txt Crawl-delay, folded into its throttle from the next pop on.</summary>
    public BoundedCache<string, TimeSpan> CrawlDelays { get; }

    private ThrottlePolicy PolicyFor(string domain)
    {
        var policy = _domainConfig.PolicyFor(domain);
        return CrawlDelays.TryGetValue(domain, out var delay) ? policy.AtLeastApart(delay) : policy;
    }
}
