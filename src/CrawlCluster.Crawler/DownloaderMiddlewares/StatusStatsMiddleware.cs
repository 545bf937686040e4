using CrawlCluster.Crawler.Engine;
using CrawlCluster.Crawler.Middleware;

namespace CrawlCluster.Crawler.DownloaderMiddlewares;

/// <summary>Counts every answer by status code (STATS_STATUS_CODES), a timeout or broken connection as 504, as the original did.</summary>
internal sealed class StatusStatsMiddleware(CrawlerStats stats) : IDownloaderMiddleware
{
    public async ValueTask<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        var outcome = await next(context, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case DownloadOutcome.Downloaded downloaded:
                stats.CountStatus(context.SpiderId, downloaded.Response.StatusCode);
                break;
            case DownloadOutcome.Failed { Retryable: true }:
                stats.CountStatus(context.SpiderId, 504);
                break;
        }

        return outcome;
    }
}
