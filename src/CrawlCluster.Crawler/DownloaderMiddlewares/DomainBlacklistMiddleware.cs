using CrawlCluster.Crawler.Middleware;
using CrawlCluster.Crawler.Scheduling;

namespace CrawlCluster.Crawler.DownloaderMiddlewares;

/// <summary>
/// A domain on the cluster's blacklist is not fetched: as the original's scheduler skips its queue, the request goes
/// back to it and the domain is set aside for SCHEDULER_QUEUE_REFRESH seconds, until the list changes.
/// </summary>
internal sealed class DomainBlacklistMiddleware(DomainConfigWatcher domainConfig, SchedulerOptions options) : IDownloaderMiddleware
{
    public ValueTask<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadDelegate next, CancellationToken cancellationToken) =>
        domainConfig.IsBlacklisted(context.Domain)
            ? ValueTask.FromResult(DownloadOutcome.Defer("its domain is on the cluster's blacklist", TimeSpan.FromSeconds(options.QueueRefreshSeconds)))
            : next(context, cancellationToken);
}
