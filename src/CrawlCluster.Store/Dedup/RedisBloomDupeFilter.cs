using CrawlCluster.Core.Dedup;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Dedup;

/// <summary>
/// The Bloom-filter variant of the per-crawl dupefilter (<c>DUPEFILTER_TYPE=bloom</c>): a bitmap per crawl at
/// <c>cc:bloom:&lt;spider&gt;:&lt;crawlid&gt;</c> with the same sliding TTL. Never misses a seen request; at its
/// capacity it calls a new one seen with probability <see cref="BloomFilterShape.ErrorRate"/>, for a fraction of the
/// set's memory. The original's Python crawlers cannot read it: use the set when mixing them.
/// </summary>
/// <param name="redis">The store.</param>
/// <param name="shape">Capacity and error rate.</param>
/// <param name="timeout">How long a crawl's filter lives after its last check.</param>
internal sealed class RedisBloomDupeFilter(IConnectionMultiplexer redis, BloomFilterShape shape, TimeSpan timeout) : IDupeFilter
{
    private static readonly string Script = EmbeddedScript.Read(typeof(RedisBloomDupeFilter), "BloomCheck");

    /// <summary>The filter's key.</summary>
    public static string Key(string spider, string crawlId) => $"cc:bloom:{spider}:{crawlId}";

    /// <inheritdoc/>
    public async Task<bool[]> SeenAsync(string spiderId, string crawlId, IReadOnlyList<string> fingerprints, string? attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        RedisKey key = Key(spiderId, crawlId);
        if (fingerprints.Count == 0)
        {
            return [];
        }

        // One script call for a page's links: the TTL, k, the attempt's lifetime, then each fingerprint's k bit positions.
        var arguments = new List<RedisValue>(3 + (fingerprints.Count * 16))
        {
            (long)Math.Ceiling(timeout.TotalSeconds), 0, attempt is null ? 0 : (long)IDupeFilter.AttemptLifetime.TotalSeconds,
        };
        foreach (var fingerprint in fingerprints)
        {
            var positions = shape.Positions(fingerprint);
            arguments[1] = positions.Length;
            foreach (var position in positions)
            {
                arguments.Add(position);
            }
        }

        var added = (RedisResult[])(await StoreErrors.Guard(db.ScriptEvaluateAsync(Script, [key, DupeAttempts.Key(spiderId, crawlId, attempt)], [.. arguments]), cancellationToken).ConfigureAwait(false))!;
        return [.. added.Select(a => (long)a == 0)];
    }

    /// <inheritdoc/>
    public Task EndAttemptAsync(string spiderId, string crawlId, string attempt, CancellationToken cancellationToken) =>
        DupeAttempts.EndAsync(redis, spiderId, crawlId, attempt);

    /// <summary>Whether <paramref name="fingerprint"/> may have been seen, without recording it (for statistics).</summary>
    public async Task<bool> MayContainAsync(string spider, string crawlId, string fingerprint)
    {
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var bits = shape.Positions(fingerprint).Select(p => batch.StringGetBitAsync(Key(spider, crawlId), p)).ToList();
        batch.Execute();
        return (await Task.WhenAll(bits).ConfigureAwait(false)).All(set => set);
    }
}
