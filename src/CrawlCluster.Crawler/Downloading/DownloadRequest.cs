namespace CrawlCluster.Crawler.Downloading;

/// <summary>One page to fetch.</summary>
/// <param name="Url">The URL (http or https).</param>
/// <param name="UserAgent">The User-Agent header, or null for USER_AGENT.</param>
/// <param name="Cookie">The Cookie header for this request only (no cookie jar is shared), or null.</param>
/// <param name="RedirectCheck">Asked before each redirect hop: null follows it, else the reason it is not followed; null allows every hop.</param>
internal sealed record DownloadRequest(Uri Url, string? UserAgent = null, string? Cookie = null, Func<Uri, CancellationToken, ValueTask<string?>>? RedirectCheck = null)
{
    /// <summary>More headers to send (a middleware's); they replace the defaults of the same name.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}
