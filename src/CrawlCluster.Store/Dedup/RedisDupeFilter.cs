using CrawlCluster.Core.Dedup;
using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Dedup;

/// <summary>
/// The per-crawl duplicate filter of the original: a set of request fingerprints at
/// <c>&lt;spider&gt;:dupefilter:&lt;crawlid&gt;</c> whose TTL (<c>DUPEFILTER_TIMEOUT</c>) slides on every check.
/// </summary>
/// <param name="redis">The store.</param>
/// <param name="timeout">How long a crawl's set lives after its last check.</param>
internal sealed class RedisDupeFilter(IConnectionMultiplexer redis, TimeSpan timeout) : IDupeFilter
{
    private static readonly string Script = EmbeddedScript.Read(typeof(RedisDupeFilter), "DupeCheck");

    /// <inheritdoc/>
    public async Task<bool[]> SeenAsync(string spiderId, string crawlId, IReadOnlyList<string> fingerprints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        RedisKey key = RedisKeys.DupeFilter(spiderId, crawlId);
        var seconds = (long)Math.Ceiling(timeout.TotalSeconds);

        // Sent back to back and awaited together: one round trip for a page's links.
        var calls = fingerprints.Select(fingerprint => db.ScriptEvaluateAsync(Script, [key], [fingerprint, seconds])).ToArray();
        var added = await StoreErrors.Guard(Task.WhenAll(calls), cancellationToken).ConfigureAwait(false);
        return [.. added.Select(a => (long)a == 0)];
    }
}
