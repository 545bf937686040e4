using CrawlCluster.Core.Stats;
using CrawlCluster.Store.Connection;
using CrawlCluster.Core.Keys;
using StackExchange.Redis;

namespace CrawlCluster.Store.Stats;

/// <summary>
/// A process's heartbeat: its key holds the float epoch time of the last beat and expires after the heartbeat timeout,
/// so the stats API counts only live processes (CONTRACT.md Part B §1.5, §2.6, §4.1, §5.1).
/// </summary>
/// <param name="redis">The store.</param>
/// <param name="time">The clock.</param>
internal sealed class RedisHeartbeat(IConnectionMultiplexer redis, TimeProvider time) : IHeartbeats
{
    /// <inheritdoc/>
    public Task BeatAsync(string key, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        StoreErrors.Guard(redis.GetDatabase().StringSetAsync(key, EpochSeconds.Text(time.GetUtcNow()), timeout), cancellationToken);
}
