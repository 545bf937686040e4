using System.Globalization;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Stats;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Stats;

/// <summary>
/// The original's stats counters (scutils' StatsCollector, CONTRACT.md Part B §6.1) in their key shapes, so the
/// stats API reads them: rolling time windows (sorted sets), HyperLogLog "lifetime" counters (PFADD/PFCOUNT), plain
/// counters, unique counters and bitmaps. Trimming happens in the increment itself instead of in a background thread
/// per counter. Unlike the original, a window holds one member per writer and time bucket carrying its count, not one
/// per event, so its size does not grow with the traffic; <see cref="WindowCountAsync(string, TimeSpan)"/> sums ours and counts the
/// original's members as one each (docs/compatibility.md).
/// </summary>
/// <param name="redis">The store.</param>
/// <param name="time">The clock.</param>
internal sealed class RedisStatsCollector(IConnectionMultiplexer redis, TimeProvider time) : IStatsStore
{
    private static readonly string IncrementScript = EmbeddedScript.Read(typeof(RedisStatsCollector), "RollingWindowIncrement");
    private static readonly string CountScript = EmbeddedScript.Read(typeof(RedisStatsCollector), "WindowCount");
    private static readonly string HyperLogLogEventsScript = EmbeddedScript.Read(typeof(RedisStatsCollector), "HyperLogLogAddEvents");

    // Tells this process's window members and HyperLogLog elements from every other writer's.
    private static readonly string WriterId = Guid.NewGuid().ToString("N")[..12];
    private static long _sequence;

    private IDatabase Db => redis.GetDatabase();

    /// <inheritdoc/>
    public Task IncrementWindowAsync(string key, TimeSpan window, int events, CancellationToken cancellationToken) =>
        StoreErrors.Guard(IncrementWindowAsync(key, window, events), cancellationToken);

    /// <summary>Counts <paramref name="events"/> events now in the rolling window <paramref name="key"/>.</summary>
    public async Task IncrementWindowAsync(string key, TimeSpan window, int events = 1)
    {
        var now = time.GetUtcNow();
        var grain = Math.Max(1, (long)window.TotalSeconds / 100);
        var seconds = now.ToUnixTimeSeconds();
        await Db.ScriptEvaluateAsync(IncrementScript, [key],
        [
            EpochSeconds.Text(now),
            window.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
            seconds - (seconds % grain) + grain,
            WriterId,
            events,
        ]).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<long> WindowCountAsync(string key, TimeSpan window, CancellationToken cancellationToken) =>
        StoreErrors.Guard(WindowCountAsync(key, window), cancellationToken);

    /// <summary>Events in the rolling window <paramref name="key"/> now, ours and the original's.</summary>
    public async Task<long> WindowCountAsync(string key, TimeSpan window) =>
        (long)(await Db.ScriptEvaluateAsync(CountScript, [key],
            [EpochSeconds.Text(time.GetUtcNow()), window.TotalSeconds.ToString("R", CultureInfo.InvariantCulture)]).ConfigureAwait(false));

    /// <inheritdoc/>
    public Task AddEventsToHyperLogLogAsync(string key, int events, CancellationToken cancellationToken) =>
        StoreErrors.Guard(AddEventsToHyperLogLogAsync(key, events), cancellationToken);

    /// <inheritdoc/>
    public Task<long> HyperLogLogCountAsync(string key, CancellationToken cancellationToken) =>
        StoreErrors.Guard(HyperLogLogCountAsync(key), cancellationToken);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> KeysAsync(string pattern, CancellationToken cancellationToken)
    {
        try
        {
            var keys = new List<string>();
            foreach (var server in redis.GetServers())
            {
                await foreach (var key in server.KeysAsync(Db.Database, pattern, pageSize: 1000).WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    keys.Add(key.ToString());
                }
            }

            return keys;
        }
        catch (Exception ex) when (StoreErrors.IsStoreError(ex))
        {
            throw StoreErrors.Translate(ex);
        }
    }

    /// <summary>Counts <paramref name="events"/> distinct events in the HyperLogLog <paramref name="key"/>.</summary>
    public Task AddEventsToHyperLogLogAsync(string key, int events)
    {
        var first = Interlocked.Add(ref _sequence, events) - events + 1;
        return Db.ScriptEvaluateAsync(HyperLogLogEventsScript, [key], [WriterId, first, events]);
    }

    /// <summary>Adds <paramref name="item"/> to the HyperLogLog <paramref name="key"/> (the "lifetime" counters).</summary>
    public Task AddToHyperLogLogAsync(string key, string item) => Db.HyperLogLogAddAsync(key, item);

    /// <summary>The approximate number of distinct items in the HyperLogLog <paramref name="key"/>.</summary>
    public Task<long> HyperLogLogCountAsync(string key) => Db.HyperLogLogLengthAsync(key);

    /// <summary>Adds one to the counter <paramref name="key"/>.</summary>
    public Task<long> IncrementCounterAsync(string key) => Db.StringIncrementAsync(key);

    /// <summary>The counter's value (0 when absent).</summary>
    public async Task<long> CounterAsync(string key) => (long?)await Db.StringGetAsync(key).ConfigureAwait(false) ?? 0;

    /// <summary>Adds <paramref name="item"/> to the unique counter <paramref name="key"/> (a set).</summary>
    public Task<bool> AddUniqueAsync(string key, string item) => Db.SetAddAsync(key, item);

    /// <summary>Distinct items in the unique counter.</summary>
    public Task<long> UniqueCountAsync(string key) => Db.SetLengthAsync(key);

    /// <summary>Sets bit <paramref name="index"/> of the bitmap counter <paramref name="key"/>.</summary>
    public Task<bool> SetBitAsync(string key, long index) => Db.StringSetBitAsync(key, index, true);

    /// <summary>Bits set in the bitmap counter.</summary>
    public Task<long> BitCountAsync(string key) => Db.StringBitCountAsync(key);
}
