using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Crawler.Middleware;

/// <summary>
/// The crawler's ranked chains, configured as Scrapy's: a component's name (its class name) mapped to a rank; a
/// lower rank is nearer the engine; <c>null</c> disables a component. What you set is merged over the built-ins, so
/// adding your own keeps them (Scrapy's <c>*_BASE</c> settings).
/// </summary>
internal sealed class CrawlerComponentOptions
{
    /// <summary>The built-in downloader middlewares and their ranks.</summary>
    public static IReadOnlyDictionary<string, int?> DownloaderMiddlewaresBase { get; } = new Dictionary<string, int?>(StringComparer.Ordinal)
    {
        ["DomainBlacklistMiddleware"] = 100,
        ["CrawlStateMiddleware"] = 200,
        ["SeedDupeFilterMiddleware"] = 300,
        ["UserAgentMiddleware"] = 400,
        ["CookiesMiddleware"] = 450,
        ["RetryMiddleware"] = 500,
        ["RobotsTxtMiddleware"] = 550,
        ["RedirectMiddleware"] = 600,
        ["StatusStatsMiddleware"] = 700,
        ["DomainSlotsMiddleware"] = 800,
    };

    /// <summary>The built-in spider middlewares and their ranks.</summary>
    public static IReadOnlyDictionary<string, int?> SpiderMiddlewaresBase { get; } = new Dictionary<string, int?>(StringComparer.Ordinal)
    {
        ["DepthMiddleware"] = 900,
    };

    /// <summary>The built-in item pipelines and their ranks; the bus publish is last.</summary>
    public static IReadOnlyDictionary<string, int?> ItemPipelinesBase { get; } = new Dictionary<string, int?>(StringComparer.Ordinal)
    {
        ["BusPublishPipeline"] = 1000,
    };

    private Dictionary<string, int?> _downloaderMiddlewares = new(DownloaderMiddlewaresBase, StringComparer.Ordinal);
    private Dictionary<string, int?> _spiderMiddlewares = new(SpiderMiddlewaresBase, StringComparer.Ordinal);
    private Dictionary<string, int?> _itemPipelines = new(ItemPipelinesBase, StringComparer.Ordinal);

    /// <summary>Downloader middlewares by name and rank (the built-ins plus yours).</summary>
    [ConfigurationKeyName("DOWNLOADER_MIDDLEWARES")]
    public Dictionary<string, int?> DownloaderMiddlewares
    {
        get => _downloaderMiddlewares;
        set => _downloaderMiddlewares = Merge(DownloaderMiddlewaresBase, value);
    }

    /// <summary>Spider middlewares by name and rank (the built-ins plus yours).</summary>
    [ConfigurationKeyName("SPIDER_MIDDLEWARES")]
    public Dictionary<string, int?> SpiderMiddlewares
    {
        get => _spiderMiddlewares;
        set => _spiderMiddlewares = Merge(SpiderMiddlewaresBase, value);
    }

    /// <summary>Item pipelines by name and rank (the built-ins plus yours).</summary>
    [ConfigurationKeyName("ITEM_PIPELINES")]
    public Dictionary<string, int?> ItemPipelines
    {
        get => _itemPipelines;
        set => _itemPipelines = Merge(ItemPipelinesBase, value);
    }

    /// <summary>
    /// Entries each per-domain cache of a crawler process keeps (robots.txt files, Crawl-delays, throttle state);
    /// the least recently used go first.
    /// </summary>
    /// <value>The default is 10,000.</value>
    [ConfigurationKeyName("CRAWLER_CACHE_SIZE"), Range(16, 10_000_000, ErrorMessage = "must be between {1} and {2}")]
    public int CacheSize { get; set; } = 10_000;

    private static Dictionary<string, int?> Merge(IReadOnlyDictionary<string, int?> builtIn, Dictionary<string, int?>? yours)
    {
        var merged = new Dictionary<string, int?>(builtIn, StringComparer.Ordinal);
        foreach (var (name, rank) in yours ?? [])
        {
            merged[name] = rank;
        }

        return merged;
    }
}
