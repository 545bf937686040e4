using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Middleware;
using CrawlCluster.Crawler.Scheduling;

namespace CrawlCluster.Crawler.Engine;

/// <summary>
/// Queues a failed request again, up to RETRY_TIMES (the original's RedisRetryMiddleware): <c>retry_times</c> + 1,
/// priority −10, past the duplicate filter. Beyond that it gives up.
/// </summary>
internal sealed class Retrier(RequestQueuer queuer, DownloaderOptions options)
{
    /// <summary>The most retries of one request.</summary>
    public int RetryTimes => options.RetryTimes;

    /// <summary>Queues a retry of the context's request (<see cref="DownloadOutcome.Retried"/>), or gives up (<see cref="DownloadOutcome.Dropped"/>).</summary>
    public async ValueTask<DownloadOutcome> RetryOrGiveUpAsync(CrawlContext context, string reason, CancellationToken cancellationToken)
    {
        var task = context.Request;
        if (task.RetryTimes + 1 <= options.RetryTimes
            && await queuer.EnqueueAsync(task.Retry(), cancellationToken).ConfigureAwait(false) == QueueDecision.Queued)
        {
            return DownloadOutcome.Retry(reason);
        }

        return DownloadOutcome.Drop($"gave up after {task.RetryTimes} retries: {reason}");
    }
}
