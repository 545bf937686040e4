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
    public async Task<bool[]> SeenAsync(string spiderId, string crawlId, IReadOnlyList<string> fingerprints, string? attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        RedisKey key = RedisKeys.DupeFilter(spiderId, crawlId);
        var seconds = (long)Math.Ceiling(timeout.TotalSeconds);

        if (fingerprints.Count == 0)
        {
            return [];
        }

        // One script call for a page's links.
        var arguments = new RedisValue[fingerprints.Count + 2];
        arguments[0] = seconds;
        arguments[1] = attempt is null ? 0 : (long)IDupeFilter.AttemptLifetime.TotalSeconds;
        for (var i = 0; i < fingerprints.Count; i++)
        {
            arguments[i + 2] = fingerprints[i];
        }

        var added = (RedisResult[])(await StoreErrors.Guard(db.ScriptEvaluateAsync(Script, [key, DupeAttempts.Key(spiderId, crawlId, attempt)], arguments),
            cancellationToken).ConfigureAwait(false))!;
        return [.. added.Select(a => (long)a == 0)];
    }

    /// <inheritdoc/>
    public Task EndAttemptAsync(string spiderId, string crawlId, string attempt, CancellationToken cancellationToken) =>
        DupeAttempts.EndAsync(redis, spiderId, crawlId, attempt);
}
