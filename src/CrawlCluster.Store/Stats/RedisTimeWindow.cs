using System.Globalization;
using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Stats;

/// <summary>
/// The original's <c>TimeWindow</c> counter (scutils, CONTRACT.md Part B §6.1): events counted in a fixed window that
/// starts at <c>floor(now / window) × window</c>. Without <c>roll</c> it counts in that one window and then stops; with
/// <c>roll</c> each window gets its own key, <c>&lt;key&gt;:&lt;YYYY-MM-DD_HH:MM:SS&gt;</c> (the window's UTC start),
/// and <c>keepMax</c> keeps only the newest keys. The original moved its windows in a background thread per counter;
/// here each call moves them, so an idle counter costs nothing.
/// </summary>
internal sealed class RedisTimeWindow
{
    private static readonly string IncrementScript = EmbeddedScript.Read(typeof(RedisTimeWindow), "TimeWindowIncrement");
    private static readonly string UniquePrefix = Guid.NewGuid().ToString("N")[..8];
    private static long _unique;

    private readonly IConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly string _key;
    private readonly long _windowSeconds;
    private readonly bool _roll;
    private readonly int? _keepMax;
    private readonly TimeProvider _time;
    private long _start;

    /// <summary>Creates the counter; its first window is the one open now.</summary>
    /// <param name="redis">The store.</param>
    /// <param name="key">The base key.</param>
    /// <param name="window">The window length, whole seconds.</param>
    /// <param name="roll">Whether a new window (and key) starts when one ends.</param>
    /// <param name="keepMax">How many rolled keys to keep (the original's factories default it to 12); null keeps all.</param>
    /// <param name="time">The clock.</param>
    public RedisTimeWindow(IConnectionMultiplexer redis, string key, TimeSpan window, bool roll, int? keepMax, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromSeconds(1));
        _redis = redis;
        _db = redis.GetDatabase();
        _key = key;
        _windowSeconds = (long)window.TotalSeconds;
        _roll = roll;
        _keepMax = keepMax;
        _time = time;
        _start = StatsRoll.WindowStart(window, time.GetUtcNow());
    }

    /// <summary>The key of the current window.</summary>
    public string CurrentKey
    {
        get
        {
            RollForward();
            return KeyOf(_start);
        }
    }

    /// <summary>Counts one event; returns the window's count, or −1 when the (unrolled) window has closed.</summary>
    public async Task<long> IncrementAsync()
    {
        var key = CurrentKey;
        var count = (long)(await _db.ScriptEvaluateAsync(IncrementScript, [key],
        [
            EpochSeconds.Text(_time.GetUtcNow()),
            _start,
            _windowSeconds,
            UniquePrefix + Interlocked.Increment(ref _unique).ToString(CultureInfo.InvariantCulture),
        ]).ConfigureAwait(false));
        if (_roll && _keepMax is { } keep)
        {
            await StatsRoll.PurgeOldAsync(_redis, _key, keep).ConfigureAwait(false);
        }

        return count;
    }

    /// <summary>Events counted in the current window.</summary>
    public Task<long> CountAsync() => _db.SortedSetLengthAsync(CurrentKey);

    private void RollForward()
    {
        if (_roll && _time.GetUtcNow().ToUnixTimeSeconds() - _start >= _windowSeconds)
        {
            _start = StatsRoll.WindowStart(TimeSpan.FromSeconds(_windowSeconds), _time.GetUtcNow());
        }
    }

    private string KeyOf(long start) => _roll ? StatsRoll.KeyAt(_key, start) : _key;
}
