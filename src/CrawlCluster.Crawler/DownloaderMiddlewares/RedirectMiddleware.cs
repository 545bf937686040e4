using CrawlCluster.Crawler.Middleware;
using CrawlCluster.Crawler.Scheduling;
using CrawlCluster.Crawler.Spiders;

namespace CrawlCluster.Crawler.DownloaderMiddlewares;

/// <summary>
/// Which redirect hops the handler may follow (it follows them itself, up to REDIRECT_MAX_TIMES, so that every hop
/// passes the network policy when it connects): those within the crawl's <c>allowed_domains</c>, and — as Scrapy's
/// redirect middleware puts every hop through the scheduler's duplicate filter — only to a URL this crawl has not seen.
/// A hop's URL is recorded as seen, so a page reached through a redirect and by a direct link is crawled once.
/// A retry (dont_filter) follows its hops unfiltered: its first attempt recorded them.
/// </summary>
internal sealed class RedirectMiddleware(RequestQueuer queuer) : IDownloaderMiddleware
{
    public ValueTask<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var filter = request.List("allowed_domains") is { Count: > 0 } allowed ? LinkFilters.For(allowed, null, null, []).Filter : null;
        context.RedirectCheck = async (url, token) =>
        {
            if (filter is not null && !filter.AllowsDomain(url))
            {
                return "outside the crawl's allowed_domains";
            }

            return !request.DontFilter && await queuer.SeenAsync(request, url.AbsoluteUri, token).ConfigureAwait(false)
                ? "already crawled in this crawl"
                : null;
        };
        return next(context, cancellationToken);
    }
}
