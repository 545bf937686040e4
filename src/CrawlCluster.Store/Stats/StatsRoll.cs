using System.Globalization;
using StackExchange.Redis;

namespace CrawlCluster.Store.Stats;

/// <summary>
/// The original's rolled counter keys (scutils' <c>roll=True</c>, CONTRACT.md Part B §6.1), for any counter type:
/// <c>&lt;key&gt;:&lt;YYYY-MM-DD_HH:MM:SS&gt;</c>, the UTC start of the window holding now, and <c>keep_max</c>
/// pruning of the oldest such keys. Pass <see cref="KeyFor"/> to <see cref="RedisStatsCollector"/>'s methods to roll
/// a counter, unique counter, HyperLogLog or bitmap.
/// </summary>
internal static class StatsRoll
{
    /// <summary>The start (epoch seconds) of the window of <paramref name="window"/> that holds <paramref name="now"/>.</summary>
    public static long WindowStart(TimeSpan window, DateTimeOffset now)
    {
        var seconds = (long)window.TotalSeconds;
        var epoch = now.ToUnixTimeSeconds();
        return epoch - (epoch % seconds);
    }

    /// <summary>The key of the window that holds <paramref name="now"/>.</summary>
    public static string KeyFor(string key, TimeSpan window, DateTimeOffset now) => KeyAt(key, WindowStart(window, now));

    /// <summary>The key of the window starting at <paramref name="start"/> (epoch seconds).</summary>
    public static string KeyAt(string key, long start) =>
        key + ":" + DateTimeOffset.FromUnixTimeSeconds(start).ToString("yyyy-MM-dd_HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Deletes all but the <paramref name="keep"/> newest rolled keys of <paramref name="key"/> (the original's purge_old).</summary>
    /// <returns>How many were deleted.</returns>
    public static async Task<long> PurgeOldAsync(IConnectionMultiplexer redis, string key, int keep)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var db = redis.GetDatabase();
        var keys = new List<string>();
        foreach (var server in redis.GetServers())
        {
            await foreach (var found in server.KeysAsync(db.Database, key + ":*", pageSize: 1000).ConfigureAwait(false))
            {
                keys.Add(found!);
            }
        }

        // The dates sort as text; newest first.
        var old = keys.OrderDescending(StringComparer.Ordinal).Skip(keep).Select(k => (RedisKey)k).ToArray();
        return old.Length == 0 ? 0 : await db.KeyDeleteAsync(old).ConfigureAwait(false);
    }
}
