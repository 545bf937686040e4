using CrawlCluster.Core.Dedup;
using CrawlCluster.Core.Domains;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Robots;
using CrawlCluster.Core.Stats;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Engine;
using CrawlCluster.Crawler.Middleware;
using CrawlCluster.Crawler.Robots;
using CrawlCluster.Crawler.Scheduling;
using CrawlCluster.Crawler.Spiders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Crawler;

/// <summary>Registers a crawler in a host (the composition root calls it; the store and bus ports come from elsewhere).</summary>
internal static class CrawlerServiceCollectionExtensions
{
    /// <summary>Adds a crawler for <paramref name="spider"/> as a hosted service, with its settings and its built-in components.</summary>
    /// <param name="services">The services.</param>
    /// <param name="settings">The crawler's settings (an internal record the composition root builds).</param>
    /// <param name="spider">The spider type it crawls for.</param>
    /// <param name="workers">Requests worked on at once.</param>
    /// <param name="hostComponents">The host's own components by name, besides the built-ins (ranked in the settings).</param>
    internal static IServiceCollection AddCrawler(this IServiceCollection services, CrawlEngineSettings settings, ISpider spider, int workers,
        IReadOnlyDictionary<string, Type>? hostComponents = null)
    {
        services.AddSingleton(new HostComponents(hostComponents ?? new Dictionary<string, Type>()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddSingleton(spider);
        services.AddSingleton(new CrawlerWorkers(workers));
        services.AddSingleton(settings.Throttle);
        services.AddSingleton(settings.Scheduler);
        services.AddSingleton(settings.Downloader);
        services.AddSingleton(settings.Output);
        services.AddSingleton(settings.Topics);
        services.AddSingleton(settings.Stats);
        services.AddSingleton(settings.Components);
        services.AddSingleton(_ => DomainExtractor.FromOptions(settings.Domains));
        services.AddSingleton(_ => new PageDownloader(settings.Downloader));
        services.AddSingleton(sp => new PublicIpLookup(sp.GetRequiredService<PageDownloader>(), settings.Scheduler));
        services.AddSingleton(_ => new DomainConfigWatcher(settings.Throttle));
        services.AddSingleton(sp => new SpiderFrontier(sp.GetRequiredService<IFrontierConsumers>(), spider.Name, sp.GetRequiredService<DomainConfigWatcher>(),
            settings.Scheduler.IpEnabled ? sp.GetRequiredService<PublicIpLookup>() : null, settings.Scheduler, settings.Downloader, settings.Components.CacheSize));
        services.AddSingleton(sp =>
        {
            var watcher = sp.GetRequiredService<DomainConfigWatcher>();
            return new RequestQueuer(sp.GetRequiredService<IFrontierQueue>(), sp.GetRequiredService<IDupeFilter>(), sp.GetRequiredService<IPageLimits>(),
                sp.GetRequiredService<ICrawlBlacklist>(), settings.Scheduler, sp.GetRequiredService<DomainExtractor>(), sp.GetRequiredService<TimeProvider>(),
                watcher.IsBlacklisted);
        });
        services.AddSingleton(sp => new Retrier(sp.GetRequiredService<RequestQueuer>(), settings.Downloader));
        services.AddSingleton(sp => new CrawlerStats(sp.GetRequiredService<IStatsStore>(), settings.Output, settings.Stats));
        services.AddSingleton(_ => new DomainSlots(settings.Downloader.ConcurrentRequestsPerDomain));
        services.AddSingleton(sp => new RobotsCache(sp.GetRequiredService<IRobotsStore>(), sp.GetRequiredService<PageDownloader>(), sp.GetRequiredService<TimeProvider>(),
            TimeSpan.FromSeconds(settings.Downloader.RobotsTxtFailureCacheSeconds), settings.Components.CacheSize));
        services.AddSingleton(sp => new OutageBackoff(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CrawlerService>>()));
        services.AddSingleton<IDownloadHandler>(sp => new HttpDownloadHandler(sp.GetRequiredService<PageDownloader>()));
        services.AddSingleton<CrawlerService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<CrawlerService>());
        return services;
    }
}
