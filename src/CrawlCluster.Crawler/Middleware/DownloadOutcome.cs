using CrawlCluster.Crawler.Downloading;

namespace CrawlCluster.Crawler.Middleware;

/// <summary>
/// What became of a request in the downloader chain. Expected outcomes are values, not exceptions: a refusal by
/// robots.txt, a stopped crawl, a retry queued, a domain set aside.
/// </summary>
public abstract record DownloadOutcome
{
    private DownloadOutcome()
    {
    }

    /// <summary>A response came back; the spider parses it.</summary>
    public static DownloadOutcome Of(DownloadResult response) => new Downloaded(response);

    /// <summary>The handler got no response: a timeout or broken connection (<paramref name="retryable"/>), or a refused one.</summary>
    public static DownloadOutcome Fail(string reason, bool retryable) => new Failed(reason, retryable);

    /// <summary>A middleware refused the request for good (the lease ends as failed, nothing is retried).</summary>
    public static DownloadOutcome Drop(string reason) => new Dropped(reason);

    /// <summary>The request goes back to its queue and its domain waits <paramref name="delay"/> (e.g. a blacklisted domain).</summary>
    public static DownloadOutcome Defer(string reason, TimeSpan delay) => new Deferred(reason, delay);

    /// <summary>A new attempt was queued; this one ends as retried.</summary>
    public static DownloadOutcome Retry(string reason) => new Retried(reason);

    /// <summary>A response came back.</summary>
    /// <param name="Response">The response.</param>
    public sealed record Downloaded(DownloadResult Response) : DownloadOutcome;

    /// <summary>No response.</summary>
    /// <param name="Reason">Why, naming the URL.</param>
    /// <param name="Retryable">Whether the original retried such failures (timeouts, connection errors).</param>
    public sealed record Failed(string Reason, bool Retryable) : DownloadOutcome;

    /// <summary>Refused for good.</summary>
    /// <param name="Reason">Why.</param>
    public sealed record Dropped(string Reason) : DownloadOutcome;

    /// <summary>Back to its queue for later.</summary>
    /// <param name="Reason">Why.</param>
    /// <param name="Delay">How long its domain waits.</param>
    public sealed record Deferred(string Reason, TimeSpan Delay) : DownloadOutcome;

    /// <summary>Queued again as a retry.</summary>
    /// <param name="Reason">Why.</param>
    public sealed record Retried(string Reason) : DownloadOutcome;
}
