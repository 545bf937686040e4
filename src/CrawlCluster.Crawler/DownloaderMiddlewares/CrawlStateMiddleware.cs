using CrawlCluster.Crawler.Middleware;
using CrawlCluster.Crawler.Scheduling;

namespace CrawlCluster.Crawler.DownloaderMiddlewares;

/// <summary>A request of a stopped or expired crawl is not fetched (checked again when it is popped, as the original does).</summary>
internal sealed class CrawlStateMiddleware(RequestQueuer queuer) : IDownloaderMiddleware
{
    public async ValueTask<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        if (await queuer.IsStoppedAsync(context.Request, cancellationToken).ConfigureAwait(false))
        {
            return DownloadOutcome.Drop("the crawl was stopped");
        }

        return queuer.IsExpired(context.Request) ? DownloadOutcome.Drop("the crawl expired") : await next(context, cancellationToken).ConfigureAwait(false);
    }
}
