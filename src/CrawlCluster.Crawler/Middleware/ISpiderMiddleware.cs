using CrawlCluster.Crawler.Spiders;

namespace CrawlCluster.Crawler.Middleware;

/// <summary>The rest of the spider chain after a middleware: the next middleware, and finally the spider.</summary>
public delegate ValueTask<SpiderOutput> SpiderDelegate(SpiderResponse response, CancellationToken cancellationToken);

/// <summary>
/// A spider middleware (Scrapy's): sees each response on its way to the spider and what the spider made of it — links
/// and new requests — on the way back, and may filter or add to them. Ranked by SPIDER_MIDDLEWARES; a lower rank is
/// nearer the engine. An exception it throws fails the request, never the crawler.
/// </summary>
public interface ISpiderMiddleware
{
    /// <summary>Called once before the first response, with the crawler's settings and services.</summary>
    ValueTask OpenAsync(CrawlerComponentContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Handles one response; call <paramref name="next"/> to pass it on.</summary>
    ValueTask<SpiderOutput> ProcessAsync(SpiderResponse response, SpiderDelegate next, CancellationToken cancellationToken);
}
