using CrawlCluster.Crawler.Middleware;
using CrawlCluster.Crawler.Scheduling;

namespace CrawlCluster.Crawler.DownloaderMiddlewares;

/// <summary>
/// A seed enters its crawl's duplicate filter when it is fetched (it never passed the filter on its way in), so a
/// page linking back to it does not crawl it again — unlike the original.
/// </summary>
internal sealed class SeedDupeFilterMiddleware(RequestQueuer queuer) : IDownloaderMiddleware
{
    public async ValueTask<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        if (context.Request.CurrentDepth == 0 && !context.Request.DontFilter)
        {
            await queuer.MarkSeenAsync(context.Request, cancellationToken).ConfigureAwait(false);
        }

        return await next(context, cancellationToken).ConfigureAwait(false);
    }
}
