namespace CrawlCluster.Crawler.Middleware;

/// <summary>The rest of the downloader chain after a middleware: the next middleware, and finally the download handler.</summary>
public delegate ValueTask<DownloadOutcome> DownloadDelegate(CrawlContext context, CancellationToken cancellationToken);

/// <summary>
/// A downloader middleware (Scrapy's): sees every request on its way to the download handler and every outcome on its
/// way back. It may change the request (headers, the handler), answer without calling <c>next</c> (a refusal, a
/// cached page), or look at and replace the outcome (retries, statistics). Ranked by DOWNLOADER_MIDDLEWARES; a lower
/// rank is nearer the engine. It must be safe to call from many workers at once. An exception it throws fails the
/// request (retried up to RETRY_TIMES), never the crawler.
/// </summary>
public interface IDownloaderMiddleware
{
    /// <summary>Called once before the first request, with the crawler's settings and services.</summary>
    ValueTask OpenAsync(CrawlerComponentContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Handles one request; call <paramref name="next"/> to pass it on.</summary>
    ValueTask<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadDelegate next, CancellationToken cancellationToken);
}
