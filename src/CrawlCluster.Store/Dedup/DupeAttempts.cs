using StackExchange.Redis;

namespace CrawlCluster.Store.Dedup;

/// <summary>
/// What one attempt at a page's children found new in the dupefilter, at
/// <c>cc:dupeattempt:&lt;spider&gt;:&lt;crawlid&gt;:&lt;attempt&gt;</c>, until the children are queued.
/// </summary>
internal static class DupeAttempts
{
    /// <summary>The attempt's key; a placeholder (never written) when there is no attempt.</summary>
    public static RedisKey Key(string spiderId, string crawlId, string? attempt) => $"cc:dupeattempt:{spiderId}:{crawlId}:{attempt ?? "-"}";

    /// <summary>Forgets the attempt without waiting: one left behind expires by itself.</summary>
    public static Task EndAsync(IConnectionMultiplexer redis, string spiderId, string crawlId, string attempt) =>
        redis.GetDatabase().KeyDeleteAsync(Key(spiderId, crawlId, attempt), CommandFlags.FireAndForget);
}
