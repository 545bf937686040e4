using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Domains;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Stats;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Middleware;
using CrawlCluster.Crawler.Pipelines;
using CrawlCluster.Crawler.Scheduling;
using CrawlCluster.Crawler.Spiders;

namespace CrawlCluster.Crawler.Engine;

/// <summary>The settings a crawler runs with (each section as <c>crawlcluster settings -c crawler</c> lists it).</summary>
/// <param name="Throttle">QUEUE_HITS, QUEUE_WINDOW, QUEUE_MODERATED.</param>
/// <param name="Scheduler">The scheduler's settings.</param>
/// <param name="Downloader">The downloader's settings; CONCURRENT_REQUESTS is the number of workers.</param>
/// <param name="Output">The crawled-page message's settings.</param>
/// <param name="Topics">Output topic names.</param>
/// <param name="Stats">STATS_TIMES.</param>
/// <param name="Domains">The public suffix list.</param>
/// <param name="DomainConfig">Where the cluster's domain configuration lives.</param>
/// <param name="Components">The ranked chains and cache sizes.</param>
/// <param name="Spiders">SPIDER_DIR, where custom spiders and components are loaded from.</param>
internal sealed record CrawlEngineSettings(
    ThrottleOptions Throttle,
    SchedulerOptions Scheduler,
    DownloaderOptions Downloader,
    CrawlerOutputOptions Output,
    TopicOptions Topics,
    StatsOptions Stats,
    DomainOptions Domains,
    DomainConfigOptions DomainConfig,
    CrawlerComponentOptions Components,
    SpiderOptions Spiders);
