using CrawlCluster.Core.Hosting;
using CrawlCluster.Crawler.DownloaderMiddlewares;
using CrawlCluster.Crawler.Pipelines;
using CrawlCluster.Crawler.SpiderMiddlewares;
using CrawlCluster.Crawler.Spiders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Crawler.Middleware;

/// <summary>
/// The crawler's three ranked chains, built once per process from DOWNLOADER_MIDDLEWARES, SPIDER_MIDDLEWARES and
/// ITEM_PIPELINES (Scrapy's MiddlewareManager): the built-ins, the host's own (<see cref="HostComponents"/>) and the
/// components found in SPIDER_DIR, by class name,
/// in rank order, each opened before the first request.
/// </summary>
internal sealed class CrawlerChains
{
    private static readonly Dictionary<string, Type> BuiltIn = new(StringComparer.Ordinal)
    {
        [nameof(DomainBlacklistMiddleware)] = typeof(DomainBlacklistMiddleware),
        [nameof(CrawlStateMiddleware)] = typeof(CrawlStateMiddleware),
        [nameof(SeedDupeFilterMiddleware)] = typeof(SeedDupeFilterMiddleware),
        [nameof(UserAgentMiddleware)] = typeof(UserAgentMiddleware),
        [nameof(CookiesMiddleware)] = typeof(CookiesMiddleware),
        [nameof(RetryMiddleware)] = typeof(RetryMiddleware),
        [nameof(RobotsTxtMiddleware)] = typeof(RobotsTxtMiddleware),
        [nameof(RedirectMiddleware)] = typeof(RedirectMiddleware),
        [nameof(StatusStatsMiddleware)] = typeof(StatusStatsMiddleware),
        [nameof(DomainSlotsMiddleware)] = typeof(DomainSlotsMiddleware),
        [nameof(DepthMiddleware)] = typeof(DepthMiddleware),
        [nameof(BusPublishPipeline)] = typeof(BusPublishPipeline),
    };

    private CrawlerChains(IReadOnlyList<Ranked<IDownloaderMiddleware>> downloader, IReadOnlyList<Ranked<ISpiderMiddleware>> spider,
        IReadOnlyList<Ranked<IItemPipeline>> pipelines, IDownloadHandler handler, ISpider parser)
    {
        DownloaderMiddlewares = downloader;
        SpiderMiddlewares = spider;
        ItemPipelines = pipelines;

        DownloadDelegate download = (context, cancellationToken) => (context.Handler ?? handler).DownloadAsync(context, cancellationToken);
        foreach (var middleware in downloader.Reverse())
        {
            var next = download;
            download = (context, cancellationToken) => middleware.Component.ProcessAsync(context, next, cancellationToken);
        }

        Download = download;
        SpiderDelegate parse = (response, _) => ValueTask.FromResult(parser.Parse(response));
        foreach (var middleware in spider.Reverse())
        {
            var next = parse;
            parse = (response, cancellationToken) => middleware.Component.ProcessAsync(response, next, cancellationToken);
        }

        Parse = parse;
    }

    /// <summary>The downloader middlewares in rank order.</summary>
    public IReadOnlyList<Ranked<IDownloaderMiddleware>> DownloaderMiddlewares { get; }

    /// <summary>The spider middlewares in rank order.</summary>
    public IReadOnlyList<Ranked<ISpiderMiddleware>> SpiderMiddlewares { get; }

    /// <summary>The item pipelines in rank order.</summary>
    public IReadOnlyList<Ranked<IItemPipeline>> ItemPipelines { get; }

    /// <summary>A request through the downloader middlewares to its handler.</summary>
    public DownloadDelegate Download { get; }

    /// <summary>A response through the spider middlewares to the spider.</summary>
    public SpiderDelegate Parse { get; }

    /// <summary>An item through the pipelines; null when a stage dropped it, with the stage's name.</summary>
    public async ValueTask<(CrawledItem? Item, string? DroppedBy)> ProcessAsync(CrawledItem item, CancellationToken cancellationToken)
    {
        foreach (var stage in ItemPipelines)
        {
            if (await stage.Component.ProcessAsync(item, cancellationToken).ConfigureAwait(false) is not { } next)
            {
                return (null, stage.Name);
            }

            item = next;
        }

        return (item, null);
    }

    /// <summary>Builds and opens the chains.</summary>
    /// <exception cref="ComponentLoadException">A ranked component was not found or could not be loaded; the message says which.</exception>
    public static async Task<CrawlerChains> OpenAsync(IServiceProvider services, CrawlerComponentOptions options, string? pluginDirectory,
        bool obeyRobots, ISpider spider, CancellationToken cancellationToken)
    {
        var settings = services.GetRequiredService<IConfiguration>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var time = services.GetRequiredService<TimeProvider>();
        var downloader = Build<IDownloaderMiddleware>(services, options.DownloaderMiddlewares, "DOWNLOADER_MIDDLEWARES", pluginDirectory,
            skip: obeyRobots ? null : nameof(RobotsTxtMiddleware));
        var spiderMiddlewares = Build<ISpiderMiddleware>(services, options.SpiderMiddlewares, "SPIDER_MIDDLEWARES", pluginDirectory, skip: null);
        var pipelines = Build<IItemPipeline>(services, options.ItemPipelines, "ITEM_PIPELINES", pluginDirectory, skip: null);
        foreach (var (name, component) in downloader.Select(r => (r.Name, (object)r.Component))
            .Concat(spiderMiddlewares.Select(r => (r.Name, (object)r.Component))).Concat(pipelines.Select(r => (r.Name, (object)r.Component))))
        {
            var context = new CrawlerComponentContext(settings, loggers.CreateLogger(name), time, services);
            var opening = component switch
            {
                IDownloaderMiddleware d => d.OpenAsync(context, cancellationToken),
                ISpiderMiddleware s => s.OpenAsync(context, cancellationToken),
                IItemPipeline p => p.OpenAsync(context, cancellationToken),
                _ => ValueTask.CompletedTask,
            };
            await opening.ConfigureAwait(false);
        }

        return new CrawlerChains(downloader, spiderMiddlewares, pipelines, services.GetRequiredService<IDownloadHandler>(), spider);
    }

    private static List<Ranked<T>> Build<T>(IServiceProvider services, IReadOnlyDictionary<string, int?> ranks, string setting, string? pluginDirectory,
        string? skip)
        where T : class
    {
        IReadOnlyList<(T Plugin, string Source)> plugins;
        try
        {
            plugins = pluginDirectory is null ? [] : PluginAssemblies<T>.Load(pluginDirectory, "SPIDER_DIR");
        }
        catch (InvalidOperationException ex)
        {
            throw new ComponentLoadException(ex.Message, ex);
        }

        var chain = new List<Ranked<T>>();
        foreach (var (name, rank) in ranks)
        {
            if (rank is not { } value || name == skip)
            {
                continue;
            }

            var hosted = services.GetService<HostComponents>();
            T? component = (BuiltIn.TryGetValue(name, out var type) || (hosted?.Types.TryGetValue(name, out type) ?? false)) && typeof(T).IsAssignableFrom(type)
                ? (T)ActivatorUtilities.CreateInstance(services, type!)
                : plugins.FirstOrDefault(p => p.Plugin.GetType().Name == name || p.Plugin.GetType().FullName == name).Plugin;
            if (component is null)
            {
                throw new ComponentLoadException(
                    $"{setting} names {name}, but no such {typeof(T).Name[1..]} is built in or in SPIDER_DIR ({(pluginDirectory is null ? "not set" : Path.GetFullPath(pluginDirectory))})");
            }

            chain.Add(new Ranked<T>(name, value, component));
        }

        return [.. chain.OrderBy(c => c.Rank).ThenBy(c => c.Name, StringComparer.Ordinal)];
    }

    /// <summary>A component in a chain.</summary>
    public sealed record Ranked<T>(string Name, int Rank, T Component);
}
