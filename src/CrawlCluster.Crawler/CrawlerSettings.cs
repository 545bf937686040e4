using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Domains;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Logging;
using CrawlCluster.Core.Settings;
using CrawlCluster.Core.Stats;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Pipelines;
using CrawlCluster.Crawler.Scheduling;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Store;

namespace CrawlCluster.Crawler;

/// <summary>Every setting the crawler reads, with its defaults (CONTRACT.md Part B §2).</summary>
internal static class CrawlerSettings
{
    /// <summary>The component's name in <c>crawlcluster settings --component</c>.</summary>
    public const string Component = "crawler";

    /// <summary>The logging section: the <c>SC_</c> keys, logger name <c>sc-crawler</c>.</summary>
    public static readonly SettingsSection Log =
        SettingsSection.For(() => new LogOptions { LoggerName = "sc-crawler", File = "sc_crawler.log" }, keyPrefix: "SC_");

    /// <summary>All sections in the order <c>crawlcluster settings</c> prints them.</summary>
    public static readonly IReadOnlyList<SettingsSection> Sections =
    [
        SettingsSection.For(() => new ThrottleOptions()),
        SettingsSection.For(() => new SchedulerOptions()),
        SettingsSection.For(() => new DownloaderOptions()),
        SettingsSection.For(() => new CrawlerOutputOptions()),
        SettingsSection.For(() => new TopicOptions()),
        SettingsSection.For(() => new RedisOptions()),
        SettingsSection.For(() => new BusOptions()),
        SettingsSection.For(() => new StatsOptions()),
        SettingsSection.For(() => new DomainConfigOptions()),
        SettingsSection.For(() => new DomainOptions()),
        SettingsSection.For(() => new Spiders.SpiderOptions()),
        SettingsSection.For(() => new Middleware.CrawlerComponentOptions()),
        Log,
    ];
}
