using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Domains;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Settings;
using CrawlCluster.Core.Stats;
using CrawlCluster.Crawler;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Engine;
using CrawlCluster.Crawler.Middleware;
using CrawlCluster.Crawler.Pipelines;
using CrawlCluster.Crawler.Scheduling;
using CrawlCluster.Crawler.Spiders;
using CrawlCluster.KafkaMonitor;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.Rest;
using CrawlCluster.Rest.Api;
using CrawlCluster.Sink;
using CrawlCluster.Store.Dedup;

namespace CrawlCluster.Cli.Hosting;

/// <summary>What the commands that run crawlers share: their settings sections, crawler settings and spider lookup.</summary>
internal static class CrawlerHosting
{
    /// <summary>
    /// The crawler's sections plus the Kafka Monitor's, the sink's and the gateway's own, for commands that run them
    /// together (<c>crawl</c>, <c>up</c>).
    /// </summary>
    public static IReadOnlyList<SettingsSection> WithKafkaMonitor { get; } =
    [
        .. CrawlerSettings.Sections, .. KafkaMonitorSettings.Sections.Where(s => s.OptionsType == typeof(KafkaMonitorOptions)),
        .. SinkSettings.Sections.Where(s => s.OptionsType == typeof(SinkOptions)),
        .. RestSettings.Sections.Where(s => s.OptionsType == typeof(RestOptions)),
    ];

    /// <summary>The crawler settings from <paramref name="scope"/>, with the sections a command already adjusted.</summary>
    public static CrawlEngineSettings EngineSettings(CommandScope scope, ThrottleOptions? throttle = null, DownloaderOptions? downloader = null,
        StatsOptions? stats = null) =>
        new(throttle ?? scope.Get<ThrottleOptions>(), scope.Get<SchedulerOptions>(), downloader ?? scope.Get<DownloaderOptions>(),
            scope.Get<CrawlerOutputOptions>(), scope.Get<TopicOptions>(), stats ?? scope.Get<StatsOptions>(), scope.Get<DomainOptions>(),
            scope.Get<DomainConfigOptions>(), scope.Get<CrawlerComponentOptions>(), scope.Get<SpiderOptions>());

    /// <summary>The duplicate filter the crawler's DUPEFILTER_* settings ask the store for.</summary>
    public static DupeFilterSettings DupeFilter(CrawlEngineSettings settings) =>
        new(settings.Scheduler.DupeFilterType, TimeSpan.FromSeconds(settings.Scheduler.DupeFilterTimeoutSeconds), settings.Scheduler.DupeFilterBloomCapacity,
            settings.Scheduler.DupeFilterBloomErrorRate);

    /// <summary>The spider named <paramref name="name"/> (built in or in SPIDER_DIR), or null after telling <paramref name="error"/> why.</summary>
    public static async Task<ISpider?> FindSpiderAsync(CommandScope scope, string name, TextWriter error)
    {
        IReadOnlyList<ISpider> available;
        try
        {
            available = Spiders.Available(scope.Get<SpiderOptions>().Directory);
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync($"crawlcluster: {ex.Message}").ConfigureAwait(false);
            return null;
        }

        if (available.FirstOrDefault(s => s.Name.Equals(name, StringComparison.Ordinal)) is { } spider)
        {
            return spider;
        }

        await error.WriteLineAsync($"crawlcluster: no spider named '{name}'; there are: {string.Join(", ", available.Select(s => s.Name))}").ConfigureAwait(false);
        return null;
    }
}
