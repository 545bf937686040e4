using CrawlCluster.Crawler.Middleware;

namespace CrawlCluster.Crawler.DownloaderMiddlewares;

/// <summary>
/// The crawl's <c>cookie</c> as this request's Cookie header (the original's CustomCookiesMiddleware). No cookie jar
/// is shared between requests: crawls of many applications pass through one crawler.
/// </summary>
internal sealed class CookiesMiddleware : IDownloaderMiddleware
{
    public ValueTask<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        if (context.Request.Cookie is { } cookie)
        {
            context.Headers["Cookie"] = cookie;
        }

        return next(context, cancellationToken);
    }
}
