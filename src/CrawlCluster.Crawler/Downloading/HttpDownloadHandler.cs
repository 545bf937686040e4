using CrawlCluster.Crawler.Middleware;

namespace CrawlCluster.Crawler.Downloading;

/// <summary>The default download handler: plain HTTP through the crawler's <see cref="PageDownloader"/>.</summary>
internal sealed class HttpDownloadHandler(PageDownloader downloader) : IDownloadHandler
{
    public async ValueTask<DownloadOutcome> DownloadAsync(CrawlContext context, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(context.Headers, StringComparer.OrdinalIgnoreCase);
        headers.Remove("User-Agent", out var userAgent);
        headers.Remove("Cookie", out var cookie);
        try
        {
            var response = await downloader.DownloadAsync(new DownloadRequest(context.Url, userAgent, cookie, context.RedirectCheck) { Headers = headers },
                cancellationToken).ConfigureAwait(false);
            return DownloadOutcome.Of(response);
        }
        catch (DownloadException ex)
        {
            return DownloadOutcome.Fail(ex.Message, ex.Retryable);
        }
    }
}
