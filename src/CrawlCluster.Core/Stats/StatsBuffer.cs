using System.Collections.Concurrent;
using CrawlCluster.Core.Store;

namespace CrawlCluster.Core.Stats;

/// <summary>
/// Collects counter events in memory and writes them in one batch per flush, so that counting a message in six
/// windows and a lifetime counter costs the hot path a few dictionary updates instead of seven store calls. Keys and
/// shapes are those of <see cref="IStatsStore"/>; an event's time in its window is its flush's time. Events
/// that could not be written are kept for the next flush.
/// </summary>
internal sealed class StatsBuffer(IStatsStore collector)
{
    private readonly ConcurrentDictionary<(string Key, TimeSpan Window), int> _windows = new();
    private readonly ConcurrentDictionary<string, int> _lifetime = new(StringComparer.Ordinal);

    /// <summary>Counts one event in the rolling window <paramref name="key"/>.</summary>
    public void CountInWindow(string key, TimeSpan window) => _windows.AddOrUpdate((key, window), 1, (_, n) => n + 1);

    /// <summary>Counts one distinct event in the HyperLogLog <paramref name="key"/>.</summary>
    public void CountInLifetime(string key) => _lifetime.AddOrUpdate(key, 1, (_, n) => n + 1);

    /// <summary>Writes what was collected since the last flush.</summary>
    /// <exception cref="StoreException">The store failed; what was not written is kept for the next flush.</exception>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        // Each counter is taken with TryRemove, which is atomic against AddOrUpdate: an event counted meanwhile is either
        // in the value taken or in a new entry for the next flush. (Swapping the dictionaries lost an event now and then:
        // a counting thread could still be adding to the old one after it was read.)
        var windows = Take(_windows);
        var lifetime = Take(_lifetime);
        try
        {
            while (windows.Count > 0)
            {
                var ((key, window), events) = windows[^1];
                await collector.IncrementWindowAsync(key, window, events, cancellationToken).ConfigureAwait(false);
                windows.RemoveAt(windows.Count - 1);
            }

            while (lifetime.Count > 0)
            {
                var (key, events) = lifetime[^1];
                await collector.AddEventsToHyperLogLogAsync(key, events, cancellationToken).ConfigureAwait(false);
                lifetime.RemoveAt(lifetime.Count - 1);
            }
        }
        catch (StoreException)
        {
            foreach (var ((key, window), events) in windows)
            {
                _windows.AddOrUpdate((key, window), events, (_, n) => n + events);
            }

            foreach (var (key, events) in lifetime)
            {
                _lifetime.AddOrUpdate(key, events, (_, n) => n + events);
            }

            throw;
        }
    }

    private static List<KeyValuePair<TKey, int>> Take<TKey>(ConcurrentDictionary<TKey, int> counters)
        where TKey : notnull
    {
        var taken = new List<KeyValuePair<TKey, int>>(counters.Count);
        foreach (var key in counters.Keys)
        {
            if (counters.TryRemove(key, out var events))
            {
                taken.Add(new(key, events));
            }
        }

        return taken;
    }
}
