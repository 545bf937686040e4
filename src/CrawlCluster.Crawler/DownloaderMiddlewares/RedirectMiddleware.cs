using CrawlCluster.Crawler.Middleware;
using CrawlCluster.Crawler.Spiders;

namespace CrawlCluster.Crawler.DownloaderMiddlewares;

/// <summary>
/// Which redirect hops the handler may follow: those within the crawl's <c>allowed_domains</c>. The handler follows
/// them itself (up to REDIRECT_MAX_TIMES), so that every hop passes the network policy when it connects.
/// </summary>
internal sealed class RedirectMiddleware : IDownloaderMiddleware
{
    public ValueTask<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        if (context.Request.List("allowed_domains") is { Count: > 0 } allowed && LinkFilters.For(allowed, null, null, []).Filter is { } filter)
        {
            context.MayRedirectTo = filter.AllowsDomain;
        }

        return next(context, cancellationToken);
    }
}
