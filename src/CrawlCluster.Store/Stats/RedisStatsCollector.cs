using System.Globalization;
using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Stats;

/// <summary>
/// The original's stats counters (scutils' StatsCollector, CONTRACT.md Part B §6.1) in their key shapes, so the
/// stats API — ours or the original's Redis Monitor — reads them: rolling time windows (a sorted set of event times,
/// counted with ZCARD), HyperLogLog "lifetime" counters (PFADD/PFCOUNT), plain counters, unique counters and bitmaps.
/// Trimming happens in the increment itself instead of in a background thread per counter.
/// </summary>
/// <param name="db">The store.</param>
/// <param name="time">The clock.</param>
public sealed class RedisStatsCollector(IDatabase db, TimeProvider time)
{
    private static readonly string IncrementScript = EmbeddedScript.Read(typeof(RedisStatsCollector), "RollingWindowIncrement");
    private static readonly string UniquePrefix = Guid.NewGuid().ToString("N")[..8];
    private static long _unique;

    /// <summary>Counts <paramref name="events"/> events now in the rolling window <paramref name="key"/> and returns the window's count.</summary>
    public async Task<long> IncrementWindowAsync(string key, TimeSpan window, int events = 1) =>
        (long)(await db.ScriptEvaluateAsync(IncrementScript, [key],
        [
            EpochSeconds.Text(time.GetUtcNow()),
            window.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
            UniquePrefix + Interlocked.Increment(ref _unique).ToString(CultureInfo.InvariantCulture),
            events,
        ]).ConfigureAwait(false));

    /// <summary>Adds <paramref name="items"/> to the HyperLogLog <paramref name="key"/>.</summary>
    public Task AddToHyperLogLogAsync(string key, RedisValue[] items) => db.HyperLogLogAddAsync(key, items);

    /// <summary>Events in the rolling window <paramref name="key"/> now.</summary>
    public async Task<long> WindowCountAsync(string key, TimeSpan window)
    {
        var since = (time.GetUtcNow() - window - DateTimeOffset.UnixEpoch).TotalSeconds;
        await db.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, since, Exclude.Stop).ConfigureAwait(false);
        return await db.SortedSetLengthAsync(key).ConfigureAwait(false);
    }

    /// <summary>Adds <paramref name="item"/> to the HyperLogLog <paramref name="key"/> (the "lifetime" counters).</summary>
    public Task AddToHyperLogLogAsync(string key, string item) => db.HyperLogLogAddAsync(key, item);

    /// <summary>The approximate number of distinct items in the HyperLogLog <paramref name="key"/>.</summary>
    public Task<long> HyperLogLogCountAsync(string key) => db.HyperLogLogLengthAsync(key);

    /// <summary>Adds one to the counter <paramref name="key"/>.</summary>
    public Task<long> IncrementCounterAsync(string key) => db.StringIncrementAsync(key);

    /// <summary>The counter's value (0 when absent).</summary>
    public async Task<long> CounterAsync(string key) => (long?)await db.StringGetAsync(key).ConfigureAwait(false) ?? 0;

    /// <summary>Adds <paramref name="item"/> to the unique counter <paramref name="key"/> (a set).</summary>
    public Task<bool> AddUniqueAsync(string key, string item) => db.SetAddAsync(key, item);

    /// <summary>Distinct items in the unique counter.</summary>
    public Task<long> UniqueCountAsync(string key) => db.SetLengthAsync(key);

    /// <summary>Sets bit <paramref name="index"/> of the bitmap counter <paramref name="key"/>.</summary>
    public Task<bool> SetBitAsync(string key, long index) => db.StringSetBitAsync(key, index, true);

    /// <summary>Bits set in the bitmap counter.</summary>
    public Task<long> BitCountAsync(string key) => db.StringBitCountAsync(key);
}
