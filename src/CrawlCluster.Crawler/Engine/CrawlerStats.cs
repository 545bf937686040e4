using System.Globalization;
using CrawlCluster.Core.Hosting;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Stats;
using CrawlCluster.Crawler.Pipelines;

namespace CrawlCluster.Crawler.Engine;

/// <summary>
/// The crawler's counters in the original's keys (CONTRACT.md Part B §2.6): responses by status code per STATS_TIMES
/// window and lifetime, <c>stats:crawler:&lt;host&gt;:&lt;spider&gt;:&lt;status&gt;:…</c>, collected in memory and
/// written in batches.
/// </summary>
internal sealed class CrawlerStats
{
    private readonly StatsBuffer _buffer;
    private readonly CrawlerOutputOptions _output;
    private readonly StatsOptions _stats;
    private readonly HashSet<int> _codes;
    private readonly string _host = ProcessIdentity.Create().Host;

    public CrawlerStats(IStatsStore store, CrawlerOutputOptions output, StatsOptions stats)
    {
        _buffer = new StatsBuffer(store);
        _output = output;
        _stats = stats;
        _codes = [.. output.StatsResponseCodes];
    }

    /// <summary>Counts a response (or a failure counted as 504, as the original's LogRetryMiddleware did).</summary>
    public void CountStatus(string spider, int status)
    {
        if (!_output.StatsStatusCodes || !_codes.Contains(status))
        {
            return;
        }

        foreach (var window in _stats.WindowSeconds)
        {
            var text = window.ToString(CultureInfo.InvariantCulture);
            _buffer.CountInWindow(RedisKeys.CrawlerStatusStats(_host, spider, status, text), TimeSpan.FromSeconds(window));
        }

        _buffer.CountInLifetime(RedisKeys.CrawlerStatusStats(_host, spider, status, RedisKeys.Lifetime));
    }

    /// <summary>Writes what was counted since the last flush.</summary>
    public Task FlushAsync() => _buffer.FlushAsync();
}
