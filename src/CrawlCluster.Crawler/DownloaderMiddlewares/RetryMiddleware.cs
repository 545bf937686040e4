using CrawlCluster.Core.Metrics;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Engine;
using CrawlCluster.Crawler.Middleware;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Crawler.DownloaderMiddlewares;

/// <summary>
/// Retries through the queue (the original's RedisRetryMiddleware and LogRetryMiddleware): a timeout or broken
/// connection, a RETRY_HTTP_CODES status or a 429 is queued again up to RETRY_TIMES. A server's Retry-After delays
/// the domain for every crawler of the cluster before the retry is queued. At the last attempt a status answer is kept
/// and published as it is.
/// </summary>
internal sealed class RetryMiddleware(Retrier retrier, SpiderFrontier frontier, DownloaderOptions options, TimeProvider time, ILogger<RetryMiddleware> logger)
    : IDownloaderMiddleware
{
    private readonly HashSet<int> _retryCodes = [.. options.RetryHttpCodes];

    public async ValueTask<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        var outcome = await next(context, cancellationToken).ConfigureAwait(false);
        var task = context.Request;
        switch (outcome)
        {
            case DownloadOutcome.Failed { Retryable: true } failed:
                Log.ScraperRetry(logger, task.Url, failed.Reason, task.RetryTimes, 504, task.AppId, task.CrawlId);
                ClusterMetrics.Retries.Add(1, ClusterMetrics.Tag("reason", "error"));
                return await retrier.RetryOrGiveUpAsync(context, failed.Reason, cancellationToken).ConfigureAwait(false);
            case DownloadOutcome.Downloaded { Response: var response }
                when (_retryCodes.Contains(response.StatusCode) || response.StatusCode == 429) && task.RetryTimes < retrier.RetryTimes:
                if (RetryAfter.Of(response, time.GetUtcNow()) is { } wait)
                {
                    // The server asked the whole cluster to slow down on this domain: the retry waits too.
                    await frontier.Consumer.DelayDomainAsync(context.Domain, time.GetUtcNow() + wait, cancellationToken).ConfigureAwait(false);
                }

                ClusterMetrics.Retries.Add(1, ClusterMetrics.Tag("reason", "status"));
                return await retrier.RetryOrGiveUpAsync(context, $"status {response.StatusCode}", cancellationToken).ConfigureAwait(false);
            default:
                return outcome;
        }
    }
}
