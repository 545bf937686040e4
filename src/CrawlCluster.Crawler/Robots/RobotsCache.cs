using System.Collections.Concurrent;
using System.Text;
using CrawlCluster.Crawler.Downloading;
using StackExchange.Redis;

namespace CrawlCluster.Crawler.Robots;

/// <summary>
/// The robots.txt of each site, fetched once for the whole cluster: kept in the store for a day
/// (<c>cc:robots:&lt;scheme://host:port&gt;</c>) and in this process's memory. Fetched with the crawler's own
/// downloader (same network policy, redirects followed). A 4xx answer allows everything; a 5xx answer or an
/// unreachable server disallows everything for the day, as RFC 9309 §2.3.1 asks.
/// </summary>
public sealed class RobotsCache(IDatabase db, PageDownloader downloader, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    private readonly ConcurrentDictionary<string, (Task<RobotsTxt> Robots, DateTimeOffset Until)> _local = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The robots.txt that governs <paramref name="url"/>.</summary>
    public Task<RobotsTxt> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var origin = url.GetLeftPart(UriPartial.Authority);
        var now = time.GetUtcNow();
        if (_local.TryGetValue(origin, out var cached) && cached.Until > now && !cached.Robots.IsFaulted && !cached.Robots.IsCanceled)
        {
            return cached.Robots;
        }

        var loading = LoadAsync(origin, cancellationToken);
        _local[origin] = (loading, now + Lifetime);
        return loading;
    }

    private async Task<RobotsTxt> LoadAsync(string origin, CancellationToken cancellationToken)
    {
        var key = "cc:robots:" + origin;
        var stored = (string?)await db.StringGetAsync(key).ConfigureAwait(false);
        if (stored is null)
        {
            stored = await FetchAsync(origin, cancellationToken).ConfigureAwait(false);
            await db.StringSetAsync(key, stored, Lifetime).ConfigureAwait(false);
        }

        return stored switch
        {
            "A" => RobotsTxt.AllowAll,
            "D" => RobotsTxt.DisallowAll,
            _ => RobotsTxt.Parse(stored[1..]),
        };
    }

    // Stored as "A" (allow all), "D" (disallow all) or "T" + the file's text.
    private async Task<string> FetchAsync(string origin, CancellationToken cancellationToken)
    {
        try
        {
            var response = await downloader.DownloadAsync(new DownloadRequest(new Uri(origin + "/robots.txt")), cancellationToken).ConfigureAwait(false);
            return response.StatusCode switch
            {
                >= 200 and < 300 => "T" + Encoding.UTF8.GetString(response.Body, 0, Math.Min(response.Body.Length, RobotsTxt.MaxBytes)),
                >= 400 and < 500 => "A",
                _ => "D",
            };
        }
        catch (DownloadException)
        {
            return "D";
        }
    }
}
