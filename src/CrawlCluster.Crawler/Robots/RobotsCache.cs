using System.Text;
using CrawlCluster.Core.Caching;
using CrawlCluster.Core.Robots;
using CrawlCluster.Crawler.Downloading;

namespace CrawlCluster.Crawler.Robots;

/// <summary>
/// The robots.txt of each site, fetched once for the whole cluster: kept in the store (<see cref="IRobotsStore"/>) and
/// in a bounded memory cache of this process. Fetched with the crawler's own downloader (same network policy, redirects
/// followed). A 4xx answer allows everything and is kept a day, as a file that was read is. A 5xx answer or no answer
/// closes the site only for now, as RFC 9309 §2.3.1 asks: kept for ROBOTSTXT_FAILURE_CACHE, with its real cause.
/// </summary>
internal sealed class RobotsCache
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    private readonly IRobotsStore _store;
    private readonly PageDownloader _downloader;
    private readonly TimeProvider _time;
    private readonly TimeSpan _failureLifetime;
    private readonly BoundedCache<string, (Task<RobotsVerdict> Verdict, DateTimeOffset Until)> _local;

    public RobotsCache(IRobotsStore store, PageDownloader downloader, TimeProvider time, TimeSpan failureLifetime, int capacity)
    {
        _store = store;
        _downloader = downloader;
        _time = time;
        _failureLifetime = failureLifetime;
        _local = new(capacity, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>What governs <paramref name="url"/>.</summary>
    public async Task<RobotsVerdict> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var origin = url.GetLeftPart(UriPartial.Authority);
        var now = _time.GetUtcNow();
        if (_local.TryGetValue(origin, out var cached) && cached.Until > now && !cached.Verdict.IsFaulted && !cached.Verdict.IsCanceled)
        {
            return await cached.Verdict.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Concurrent requests of one site share the load; the entry's lifetime is corrected once the verdict is known.
        var loading = LoadAsync(origin, CancellationToken.None);
        _local.Set(origin, (loading, now + _failureLifetime));
        var verdict = await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        _local.Set(origin, (loading, now + (verdict.Unreachable is null ? Lifetime : _failureLifetime)));
        return verdict;
    }

    private async Task<RobotsVerdict> LoadAsync(string origin, CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(origin, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            stored = await FetchAsync(origin, cancellationToken).ConfigureAwait(false);
            await _store.SetAsync(origin, stored, stored[0] == 'U' ? _failureLifetime : Lifetime, cancellationToken).ConfigureAwait(false);
        }

        return stored[0] switch
        {
            'A' => new RobotsVerdict(RobotsTxt.AllowAll),
            'T' => new RobotsVerdict(RobotsTxt.Parse(stored[1..])),
            'U' => new RobotsVerdict(RobotsTxt.DisallowAll, stored[1..]),

            // "D": an older crawler's day-long refusal after a failure; read as unreachable, not as the site's wish.
            _ => new RobotsVerdict(RobotsTxt.DisallowAll, "unreachable when last asked"),
        };
    }

    // Stored as "A" (allow all), "T" + the file's text, or "U" + why it could not be read.
    private async Task<string> FetchAsync(string origin, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _downloader.DownloadAsync(new DownloadRequest(new Uri(origin + "/robots.txt")), cancellationToken).ConfigureAwait(false);
            return response.StatusCode switch
            {
                >= 200 and < 300 => "T" + Encoding.UTF8.GetString(response.Body, 0, Math.Min(response.Body.Length, RobotsTxt.MaxBytes)),
                >= 400 and < 500 => "A",
                _ => $"U{origin}/robots.txt answered {response.StatusCode}",
            };
        }
        catch (DownloadException ex)
        {
            return "U" + ex.Message;
        }
    }
}
