using CrawlCluster.Crawler.Engine;
using CrawlCluster.Crawler.Middleware;

namespace CrawlCluster.Crawler.DownloaderMiddlewares;

/// <summary>CONCURRENT_REQUESTS_PER_DOMAIN: this process downloads at most that many pages of one domain at once.</summary>
internal sealed class DomainSlotsMiddleware(DomainSlots slots) : IDownloaderMiddleware
{
    public async ValueTask<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        using var slot = await slots.AcquireAsync(context.Domain, cancellationToken).ConfigureAwait(false);
        return await next(context, cancellationToken).ConfigureAwait(false);
    }
}
