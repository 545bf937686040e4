namespace CrawlCluster.Crawler.Middleware;

/// <summary>
/// Fetches a request: plain HTTP by default; a middleware can give a request another handler (a proxy, a JavaScript
/// renderer) through <see cref="CrawlContext.Handler"/>. Must stay within DOWNLOAD_TIMEOUT and DOWNLOAD_MAXSIZE and
/// report a missing response as <see cref="DownloadOutcome.Failed"/>, not as an exception.
/// </summary>
public interface IDownloadHandler
{
    /// <summary>Fetches the request.</summary>
    ValueTask<DownloadOutcome> DownloadAsync(CrawlContext context, CancellationToken cancellationToken);
}
