using CrawlCluster.Crawler.Middleware;

namespace CrawlCluster.Examples.CrawlerComponents;

/// <summary>
/// An example downloader middleware: sends an <c>X-Request-Tag</c> header with every request — the value of the
/// X_REQUEST_TAG setting, or the request's crawl id — and counts the answers it saw.
/// </summary>
public sealed class RequestTagMiddleware : IDownloaderMiddleware
{
    private string? _tag;
    private long _answers;

    /// <summary>Answers that came back through this middleware.</summary>
    public long Answers => Interlocked.Read(ref _answers);

    /// <inheritdoc/>
    public ValueTask OpenAsync(CrawlerComponentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _tag = context.Settings["X_REQUEST_TAG"];
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async ValueTask<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.Headers["X-Request-Tag"] = _tag ?? context.Request.CrawlId;
        var outcome = await next(context, cancellationToken).ConfigureAwait(false);
        if (outcome is DownloadOutcome.Downloaded)
        {
            Interlocked.Increment(ref _answers);
        }

        return outcome;
    }
}
