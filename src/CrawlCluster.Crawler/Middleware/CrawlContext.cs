using CrawlCluster.Crawler.Requests;

namespace CrawlCluster.Crawler.Middleware;

/// <summary>
/// One request on its way through the downloader middlewares to a download handler: what it is, which domain and
/// spider it belongs to, and what the middlewares set for its download — headers, which redirects may be followed,
/// and which handler fetches it.
/// </summary>
public sealed class CrawlContext
{
    private Dictionary<string, object?>? _items;

    /// <summary>Creates the context of <paramref name="request"/>.</summary>
    /// <param name="request">The request, with its meta.</param>
    /// <param name="url">Its URL.</param>
    /// <param name="domain">Its domain key (<c>example.com</c>, <c>127.0.0.1.</c>).</param>
    /// <param name="spiderId">The spider type crawling it.</param>
    public CrawlContext(CrawlTask request, Uri url, string domain, string spiderId)
    {
        Request = request;
        Url = url;
        Domain = domain;
        SpiderId = spiderId;
    }

    /// <summary>The request, with the meta that travels with it across the cluster.</summary>
    public CrawlTask Request { get; }

    /// <summary>The URL to fetch.</summary>
    public Uri Url { get; }

    /// <summary>The domain key its throttle and queue go by.</summary>
    public string Domain { get; }

    /// <summary>The spider type crawling it.</summary>
    public string SpiderId { get; }

    /// <summary>Headers to send (User-Agent and Cookie are set by their middlewares); a handler adds its defaults.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Asked before each redirect hop is followed: null to follow it, else why not (the request then fails with that
    /// reason). Null allows every hop the network policy allows.
    /// </summary>
    public Func<Uri, CancellationToken, ValueTask<string?>>? RedirectCheck { get; set; }

    /// <summary>The handler that fetches the request; null for the crawler's HTTP handler.</summary>
    public IDownloadHandler? Handler { get; set; }

    /// <summary>State components keep for this request.</summary>
    public IDictionary<string, object?> Items => _items ??= new Dictionary<string, object?>(StringComparer.Ordinal);
}
