using System.Collections.Concurrent;
using StackExchange.Redis;

namespace CrawlCluster.Store.Stats;

/// <summary>
/// Collects counter events in memory and writes them in one batch per flush, so that counting a message in six
/// windows and a lifetime counter costs the hot path a dictionary update instead of seven store calls. Keys and
/// shapes are the original's (<see cref="RedisStatsCollector"/>); an event's time in the window is its flush's time.
/// Events that could not be written are kept for the next flush.
/// </summary>
public sealed class StatsBuffer(RedisStatsCollector collector)
{
    private ConcurrentDictionary<(string Key, TimeSpan Window), int> _windows = new();
    private ConcurrentDictionary<string, ConcurrentQueue<string>> _lifetime = new(StringComparer.Ordinal);

    /// <summary>Counts one event in the rolling window <paramref name="key"/>.</summary>
    public void CountInWindow(string key, TimeSpan window) => _windows.AddOrUpdate((key, window), 1, (_, n) => n + 1);

    /// <summary>Adds <paramref name="item"/> to the HyperLogLog <paramref name="key"/>.</summary>
    public void AddToLifetime(string key, string item) => _lifetime.GetOrAdd(key, _ => new ConcurrentQueue<string>()).Enqueue(item);

    /// <summary>Writes what was collected since the last flush.</summary>
    /// <exception cref="RedisException">The store failed; what was not written is kept for the next flush.</exception>
    public async Task FlushAsync()
    {
        var windows = Interlocked.Exchange(ref _windows, new());
        var lifetime = Interlocked.Exchange(ref _lifetime, new(StringComparer.Ordinal));
        var pending = windows.ToList();
        try
        {
            while (pending.Count > 0)
            {
                var ((key, window), events) = pending[^1];
                await collector.IncrementWindowAsync(key, window, events).ConfigureAwait(false);
                pending.RemoveAt(pending.Count - 1);
            }

            foreach (var (key, items) in lifetime)
            {
                await collector.AddToHyperLogLogAsync(key, [.. items.Select(i => (RedisValue)i)]).ConfigureAwait(false);
                lifetime.TryRemove(key, out _);
            }
        }
        catch (RedisException)
        {
            foreach (var ((key, window), events) in pending)
            {
                _windows.AddOrUpdate((key, window), events, (_, n) => n + events);
            }

            foreach (var (key, items) in lifetime)
            {
                foreach (var item in items)
                {
                    AddToLifetime(key, item);
                }
            }

            throw;
        }
    }
}
