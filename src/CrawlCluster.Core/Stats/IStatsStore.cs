namespace CrawlCluster.Core.Stats;

/// <summary>
/// The original's stats counters in the store (scutils' StatsCollector): rolling time windows and HyperLogLog
/// "lifetime" counters, in the key shapes the stats API reads.
/// </summary>
public interface IStatsStore
{
    /// <summary>Counts <paramref name="events"/> events now in the rolling window <paramref name="key"/>.</summary>
    Task IncrementWindowAsync(string key, TimeSpan window, int events, CancellationToken cancellationToken);

    /// <summary>Events in the rolling window <paramref name="key"/> now.</summary>
    Task<long> WindowCountAsync(string key, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Counts <paramref name="events"/> distinct events in the HyperLogLog <paramref name="key"/>.</summary>
    Task AddEventsToHyperLogLogAsync(string key, int events, CancellationToken cancellationToken);

    /// <summary>The approximate number of distinct items in the HyperLogLog <paramref name="key"/>.</summary>
    Task<long> HyperLogLogCountAsync(string key, CancellationToken cancellationToken);

    /// <summary>The stats keys matching the glob <paramref name="pattern"/> (<c>stats:crawler:*</c>), for the stats API.</summary>
    Task<IReadOnlyList<string>> KeysAsync(string pattern, CancellationToken cancellationToken);
}
