namespace CrawlCluster.Core.Stats;

/// <summary>
/// Process heartbeats: a key holding the time of the last beat that expires after the heartbeat timeout, so the stats
/// API counts only live processes.
/// </summary>
public interface IHeartbeats
{
    /// <summary>Writes one beat to <paramref name="key"/>.</summary>
    Task BeatAsync(string key, TimeSpan timeout, CancellationToken cancellationToken);
}
