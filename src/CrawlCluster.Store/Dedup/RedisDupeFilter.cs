using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Dedup;

/// <summary>
/// The per-crawl duplicate filter of the original: a set of request fingerprints at
/// <c>&lt;spider&gt;:dupefilter:&lt;crawlid&gt;</c> whose TTL (<c>DUPEFILTER_TIMEOUT</c>) slides on every check.
/// </summary>
/// <param name="db">The store.</param>
/// <param name="timeout">How long a crawl's set lives after its last check.</param>
public sealed class RedisDupeFilter(IDatabase db, TimeSpan timeout)
{
    private static readonly string Script = EmbeddedScript.Read(typeof(RedisDupeFilter), "DupeCheck");

    /// <summary>Records <paramref name="fingerprint"/> for the crawl; true when it had been seen before.</summary>
    public async Task<bool> SeenAsync(string spider, string crawlId, string fingerprint)
    {
        var added = (long)(await db.ScriptEvaluateAsync(Script, [RedisKeys.DupeFilter(spider, crawlId)],
            [fingerprint, (long)Math.Ceiling(timeout.TotalSeconds)]).ConfigureAwait(false));
        return added == 0;
    }
}
