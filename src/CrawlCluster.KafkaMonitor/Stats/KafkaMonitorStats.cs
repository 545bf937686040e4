using CrawlCluster.Core.Metrics;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Stats;
using CrawlCluster.Core.Signals;

namespace CrawlCluster.KafkaMonitor.Stats;

/// <summary>
/// The Kafka Monitor's counters (CONTRACT.md Part B §1.5): <c>total</c>, <c>fail</c> and one per plugin, each in every
/// STATS_TIMES rolling window (<c>stats:kafka-monitor:&lt;name&gt;:&lt;seconds&gt;</c>) and a HyperLogLog lifetime
/// counter (<c>…:lifetime</c>), written in batches through a <see cref="StatsBuffer"/>; plus this process's own totals.
/// </summary>
internal sealed class KafkaMonitorStats
{
    private const string Component = "kafka-monitor";
    private readonly StatsBuffer _buffer;
    private readonly IStatsStore _collector;
    private readonly IReadOnlyList<int> _windows;
    private readonly bool _countTotals;
    private readonly bool _countPlugins;
    private long _total;
    private long _failed;
    private long _handled;
    private readonly ChangeSignal _finished = new();
    private readonly ConcurrentDictionary<string, CounterKeys> _keys = new(StringComparer.Ordinal);

    /// <summary>Creates the counters.</summary>
    /// <param name="collector">The store's counters.</param>
    /// <param name="windowSeconds">The STATS_TIMES windows.</param>
    /// <param name="countTotals">STATS_TOTAL.</param>
    /// <param name="countPlugins">STATS_PLUGINS.</param>
    public KafkaMonitorStats(IStatsStore collector, IReadOnlyList<int> windowSeconds, bool countTotals, bool countPlugins)
    {
        _collector = collector;
        _buffer = new StatsBuffer(collector);
        _windows = windowSeconds;
        _countTotals = countTotals;
        _countPlugins = countPlugins;
    }

    /// <summary>Messages consumed by this process.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Messages this process counted as failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Messages a plugin handled in this process.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>Messages this process is done with: handled or failed.</summary>
    public long Finished => Handled + Failed;

    /// <summary>Waits until this process is done with at least <paramref name="count"/> messages.</summary>
    public async Task WaitForFinishedAsync(long count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = _finished.Next;
            if (Finished >= count)
            {
                return;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Counts a consumed message.</summary>
    public void CountTotal()
    {
        Interlocked.Increment(ref _total);
        if (_countTotals)
        {
            Count("total");
        }
    }

    /// <summary>Counts a failed message.</summary>
    public void CountFailed()
    {
        Interlocked.Increment(ref _failed);
        ClusterMetrics.IngestRequests.Add(1, ClusterMetrics.Tag("result", "rejected"));
        if (_countTotals)
        {
            Count("fail");
        }

        _finished.Notify();
    }

    /// <summary>Counts a message a plugin's schema validated.</summary>
    public void CountPlugin(string plugin)
    {
        ClusterMetrics.IngestByPlugin.Add(1, ClusterMetrics.Tag("plugin", plugin));
        if (_countPlugins)
        {
            Count(plugin);
        }
    }

    /// <summary>Counts a message a plugin handled.</summary>
    public void CountHandled()
    {
        Interlocked.Increment(ref _handled);
        ClusterMetrics.IngestRequests.Add(1, ClusterMetrics.Tag("result", "handled"));
        _finished.Notify();
    }

    /// <summary>Writes the counted events to the store.</summary>
    public Task FlushAsync() => _buffer.FlushAsync();

    /// <summary>
    /// The original's stats dump: <c>total_&lt;W&gt;</c>, <c>fail_&lt;W&gt;</c>, <c>plugin_&lt;Name&gt;_&lt;W&gt;</c> and
    /// their <c>_lifetime</c> counterparts.
    /// </summary>
    public async Task<JsonObject> DumpAsync(IEnumerable<string> plugins)
    {
        var dump = new JsonObject();
        var names = new List<(string Key, string Prefix)>();
        if (_countTotals)
        {
            names.Add(("total", "total"));
            names.Add(("fail", "fail"));
        }

        if (_countPlugins)
        {
            names.AddRange(plugins.Select(p => (p, "plugin_" + p)));
        }

        foreach (var (key, prefix) in names)
        {
            foreach (var window in _windows)
            {
                var text = window.ToString(CultureInfo.InvariantCulture);
                dump[$"{prefix}_{text}"] = await _collector.WindowCountAsync(RedisKeys.ComponentStats(Component, key, text), TimeSpan.FromSeconds(window), CancellationToken.None).ConfigureAwait(false);
            }

            dump[$"{prefix}_lifetime"] = await _collector.HyperLogLogCountAsync(RedisKeys.ComponentStats(Component, key, RedisKeys.Lifetime), CancellationToken.None).ConfigureAwait(false);
        }

        return dump;
    }

    private void Count(string name)
    {
        // Every message passes here two or three times: the keys are built once per counter name.
        var keys = _keys.GetOrAdd(name, n => new CounterKeys(
            [.. _windows.Select(w => (RedisKeys.ComponentStats(Component, n, w.ToString(CultureInfo.InvariantCulture)), TimeSpan.FromSeconds(w)))],
            RedisKeys.ComponentStats(Component, n, RedisKeys.Lifetime)));
        foreach (var (key, window) in keys.Windows)
        {
            _buffer.CountInWindow(key, window);
        }

        _buffer.CountInLifetime(keys.Lifetime);
    }

    private sealed record CounterKeys((string Key, TimeSpan Window)[] Windows, string Lifetime);
}
