using System.Diagnostics;
using CrawlCluster.Core.Metrics;
using CrawlCluster.Crawler.Engine;
using CrawlCluster.Crawler.Middleware;

namespace CrawlCluster.Crawler.DownloaderMiddlewares;

/// <summary>Counts every answer by status code (STATS_STATUS_CODES), a timeout or broken connection as 504, as the original did.</summary>
internal sealed class StatusStatsMiddleware(CrawlerStats stats) : IDownloaderMiddleware
{
    public async ValueTask<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await next(context, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case DownloadOutcome.Downloaded downloaded:
                stats.CountStatus(context.SpiderId, downloaded.Response.StatusCode);
                ClusterMetrics.Pages.Add(1, ClusterMetrics.Tag("status", downloaded.Response.StatusCode));
                ClusterMetrics.PageBytes.Add(downloaded.Response.Body.Length);
                ClusterMetrics.FetchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                break;
            case DownloadOutcome.Failed { Retryable: true }:
                stats.CountStatus(context.SpiderId, 504);
                ClusterMetrics.Pages.Add(1, ClusterMetrics.Tag("status", 504));
                break;
        }

        return outcome;
    }
}
