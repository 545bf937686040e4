using CrawlCluster.Core.Keys;
using StackExchange.Redis;

namespace CrawlCluster.Store.Stats;

/// <summary>
/// A process's heartbeat: its key holds the float epoch time of the last beat and expires after the heartbeat timeout,
/// so the stats API counts only live processes (CONTRACT.md Part B §1.5, §2.6, §4.1, §5.1).
/// </summary>
/// <param name="db">The store.</param>
/// <param name="time">The clock.</param>
public sealed class RedisHeartbeat(IDatabase db, TimeProvider time)
{
    /// <summary>Writes one beat to <paramref name="key"/> (<see cref="RedisKeys.Heartbeat"/> or <see cref="RedisKeys.CrawlerHeartbeat"/>).</summary>
    public Task BeatAsync(string key, TimeSpan timeout) => db.StringSetAsync(key, EpochSeconds.Text(time.GetUtcNow()), timeout);
}
