namespace CrawlCluster.Crawler.Downloading;

/// <summary>A response: the last hop's status, headers and decompressed body, and the redirects that led to it.</summary>
/// <param name="RequestUrl">The URL asked for.</param>
/// <param name="ResponseUrl">The URL that answered (after redirects).</param>
/// <param name="StatusCode">The status code.</param>
/// <param name="StatusMessage">The reason phrase.</param>
/// <param name="ResponseHeaders">Response headers (content headers included).</param>
/// <param name="RequestHeaders">The headers sent with the last hop.</param>
/// <param name="Body">The body, decompressed.</param>
/// <param name="RedirectUrls">The URLs redirected from, in order.</param>
public sealed record DownloadResult(
    Uri RequestUrl,
    Uri ResponseUrl,
    int StatusCode,
    string StatusMessage,
    IReadOnlyDictionary<string, string[]> ResponseHeaders,
    IReadOnlyDictionary<string, string[]> RequestHeaders,
    byte[] Body,
    IReadOnlyList<Uri> RedirectUrls);
