using System.Text.Json.Nodes;
using CrawlCluster.Core.Logging;
using CrawlCluster.Core.Stats;
using CrawlCluster.Core.Json;
using CrawlCluster.RedisMonitor.Jobs;
using CrawlCluster.RedisMonitor.Plugins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrawlCluster.RedisMonitor;

/// <summary>
/// Every STATS_DUMP seconds, the original's three log dumps: the Redis Monitor's own counters (<c>total_*</c>,
/// <c>fail_*</c>, <c>plugin_&lt;name&gt;_*</c>), with STATS_DUMP_CRAWL the crawlers' responses per spider, and with
/// STATS_DUMP_QUEUE each spider's backlog. A dump identical to the last one is written once a day, not every period.
/// </summary>
internal sealed class MonitorStatsDump(ClusterStats stats, IOptions<RedisMonitorOptions> options, IOptions<StatsOptions> statsOptions, TimeProvider time,
    ILogger<MonitorStatsDump> logger)
{
    private readonly RepeatedWarning _monitor = new(TimeSpan.FromDays(1));
    private readonly RepeatedWarning _crawl = new(TimeSpan.FromDays(1));
    private readonly RepeatedWarning _queue = new(TimeSpan.FromDays(1));
    private long _lastSlot = -1;

    /// <summary>Writes the dumps when a new STATS_DUMP period has begun; does nothing otherwise or when STATS_DUMP is 0.</summary>
    public async Task DumpIfDueAsync(CancellationToken cancellationToken)
    {
        var every = statsOptions.Value.DumpSeconds;
        var now = time.GetUtcNow();
        if (every <= 0 || now.ToUnixTimeSeconds() / every == _lastSlot)
        {
            return;
        }

        _lastSlot = now.ToUnixTimeSeconds() / every;
        Say(_monitor, now, "Redis Monitor", Flatten(await stats.ComponentAsync("redis-monitor", cancellationToken).ConfigureAwait(false)));
        if (options.Value.StatsDumpCrawl)
        {
            Say(_crawl, now, "Crawler", CrawlDump(await stats.SpidersAsync(cancellationToken).ConfigureAwait(false)));
        }

        if (options.Value.StatsDumpQueue)
        {
            Say(_queue, now, "Queue", QueueDump(await stats.QueuesAsync(cancellationToken).ConfigureAwait(false)));
        }
    }

    /// <summary>The monitor's counters as the original names them: <c>total_60</c>, <c>fail_lifetime</c>, <c>plugin_InfoMonitor_60</c>.</summary>
    internal static JsonObject Flatten(JsonObject component)
    {
        var flat = new JsonObject();
        foreach (var section in new[] { "total", "fail" })
        {
            foreach (var (window, value) in component[section] as JsonObject ?? [])
            {
                flat[$"{section}_{window}"] = value?.DeepClone();
            }
        }

        foreach (var (plugin, windows) in component["plugins"] as JsonObject ?? [])
        {
            foreach (var (window, value) in windows as JsonObject ?? [])
            {
                flat[$"plugin_{plugin}_{window}"] = value?.DeepClone();
            }
        }

        return flat;
    }

    /// <summary><c>&lt;spider&gt;_&lt;status&gt;_&lt;window&gt;</c> counts, <c>&lt;spider&gt;_spider_count</c>, and the unique and total spider counts.</summary>
    internal static JsonObject CrawlDump(JsonObject spiders)
    {
        var flat = new JsonObject();
        foreach (var (spider, section) in spiders)
        {
            if (section is not JsonObject statuses)
            {
                flat[spider] = section?.DeepClone();
                continue;
            }

            foreach (var (status, windows) in statuses)
            {
                if (status == "count")
                {
                    flat[$"{spider}_spider_count"] = windows?.DeepClone();
                    continue;
                }

                foreach (var (window, value) in windows as JsonObject ?? [])
                {
                    flat[$"{spider}_{status}_{window}"] = value?.DeepClone();
                }
            }
        }

        return flat;
    }

    /// <summary><c>queue_&lt;spider&gt;</c> = <c>{spider_backlog, num_domains}</c> and <c>total_backlog</c>, without the per-domain lists.</summary>
    internal static JsonObject QueueDump(JsonObject queues)
    {
        var dump = (JsonObject)queues.DeepClone();
        foreach (var (_, queue) in dump)
        {
            (queue as JsonObject)?.Remove("domains");
        }

        return dump;
    }

    private void Say(RepeatedWarning unchanged, DateTimeOffset now, string what, JsonObject dump)
    {
        var text = WireJson.Serialize(dump, WireJsonStyle.Python, sortKeys: true, indent: 4);
        if (unchanged.ShouldSay(text, now))
        {
            Log.StatsDump(logger, what, text);
        }
    }
}
