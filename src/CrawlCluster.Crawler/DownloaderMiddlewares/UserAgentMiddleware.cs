using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Middleware;

namespace CrawlCluster.Crawler.DownloaderMiddlewares;

/// <summary>The crawl's <c>useragent</c>, else USER_AGENT.</summary>
internal sealed class UserAgentMiddleware(DownloaderOptions options) : IDownloaderMiddleware
{
    public ValueTask<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        context.Headers["User-Agent"] = context.Request.UserAgent ?? options.UserAgent;
        return next(context, cancellationToken);
    }
}
