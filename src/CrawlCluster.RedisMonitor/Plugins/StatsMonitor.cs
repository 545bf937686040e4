using System.Globalization;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Stats;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.RedisMonitor.Plugins;

/// <summary>
/// Stats requests (<c>statsrequest:&lt;stats&gt;:&lt;appid&gt;</c> = uuid) answered from the stats keys every process
/// writes, in the original's shapes: kafka-monitor, redis-monitor, rest (totals, failures, plugins, nodes), spider,
/// machine, queue, crawler (spiders, machines and — the original's spelling — <c>queue</c>) and all.
/// </summary>
internal sealed class StatsMonitor(IStatsStore stats, ICrawlLedger ledger, Answers answers, ILogger<StatsMonitor> logger) : IRedisMonitorPlugin
{
    public string Name => "StatsMonitor";

    public string Pattern => "statsrequest:*:*";

    public async Task HandleAsync(MonitorJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (kind, appId) = (job.Parts[1], string.Join(':', job.Parts.Skip(2)));
        Log.Received(logger, kind + " stats", job.Key);
        JsonObject answer;
        switch (kind)
        {
            case "kafka-monitor" or "redis-monitor" or "rest":
                answer = await ComponentAsync(kind, cancellationToken).ConfigureAwait(false);
                break;
            case "spider":
                answer = new JsonObject { ["spiders"] = await SpidersAsync(cancellationToken).ConfigureAwait(false) };
                break;
            case "machine":
                answer = new JsonObject { ["machines"] = await MachinesAsync(cancellationToken).ConfigureAwait(false) };
                break;
            case "queue":
                answer = new JsonObject { ["queues"] = await QueuesAsync(cancellationToken).ConfigureAwait(false) };
                break;
            case "crawler":
                answer = await CrawlerAsync(cancellationToken).ConfigureAwait(false);
                break;
            case "all":
                answer = new JsonObject
                {
                    ["kafka-monitor"] = await ComponentAsync("kafka-monitor", cancellationToken).ConfigureAwait(false),
                    ["redis-monitor"] = await ComponentAsync("redis-monitor", cancellationToken).ConfigureAwait(false),
                    ["crawler"] = await CrawlerAsync(cancellationToken).ConfigureAwait(false),
                    ["rest"] = await ComponentAsync("rest", cancellationToken).ConfigureAwait(false),
                };
                break;
            default:
                Log.UnknownStats(logger, kind);
                return;
        }

        answer["stats"] = kind;
        answer["appid"] = appId;
        answer["uuid"] = job.Value;
        answer["server_time"] = answers.ServerTime;
        Log.Sent(logger, "stats", await answers.PublishAsync(appId, answer, cancellationToken).ConfigureAwait(false));
    }

    public JsonObject? ErrorAnswer(MonitorJob job, string reason) =>
        new() { ["stats"] = job.Parts.ElementAtOrDefault(1), ["appid"] = job.Parts.ElementAtOrDefault(2), ["uuid"] = job.Value, ["error"] = reason };

    /// <summary>A component's counters: total and fail per window, plugins per window, live nodes (sections only when they have keys).</summary>
    private async Task<JsonObject> ComponentAsync(string name, CancellationToken cancellationToken)
    {
        var section = new JsonObject();
        foreach (var key in await stats.KeysAsync($"stats:{name}:*", cancellationToken).ConfigureAwait(false))
        {
            var parts = key.Split(':');
            if (parts.Length < 4)
            {
                continue;
            }

            var (main, end) = (parts[2], parts[3]);
            if (main == "self")
            {
                if (parts.Length >= 5)
                {
                    var nodes = Child(section, "nodes");
                    if (nodes[end] is not JsonArray ids)
                    {
                        nodes[end] = ids = [];
                    }

                    ids.Add(parts[4]);
                }

                continue;
            }

            if (await CountAsync(key, end, cancellationToken).ConfigureAwait(false) is not { } value)
            {
                continue;
            }

            var target = main is "total" or "fail" ? Child(section, main) : Child(Child(section, "plugins"), main);
            target[end] = value;
        }

        return section;
    }

    /// <summary>Per spider type: crawler processes alive and responses by status and window (the last machine's, as the original).</summary>
    private async Task<JsonObject> SpidersAsync(CancellationToken cancellationToken)
    {
        var spiders = new JsonObject();
        var unique = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        foreach (var key in await stats.KeysAsync("stats:crawler:*:*:*", cancellationToken).ConfigureAwait(false))
        {
            var parts = key.Split(':');
            if (parts.Length is not (5 or 6))
            {
                continue;
            }

            var spider = Child(spiders, parts[3]);
            spider["count"] ??= 0;
            if (parts.Length == 5)
            {
                spider["count"] = spider["count"]!.GetValue<int>() + 1;
                total++;
                unique.Add(parts[3]);
            }
            else if (await CountAsync(key, parts[5], cancellationToken).ConfigureAwait(false) is { } value)
            {
                Child(spider, parts[4])[parts[5]] = value;
            }
        }

        spiders["unique_spider_count"] = unique.Count;
        spiders["total_spider_count"] = total;
        return spiders;
    }

    /// <summary>Per machine: responses by status and window, summed over its spiders.</summary>
    private async Task<JsonObject> MachinesAsync(CancellationToken cancellationToken)
    {
        var machines = new JsonObject();
        foreach (var key in await stats.KeysAsync("stats:crawler:*:*:*:*", cancellationToken).ConfigureAwait(false))
        {
            var parts = key.Split(':');
            if (parts.Length != 6 || await CountAsync(key, parts[5], cancellationToken).ConfigureAwait(false) is not { } value)
            {
                continue;
            }

            var status = Child(Child(machines, parts[2]), parts[4]);
            status[parts[5]] = (status[parts[5]]?.GetValue<long>() ?? 0) + value;
        }

        machines["count"] = machines.Count(m => m.Value is JsonObject);
        return machines;
    }

    private async Task<JsonObject> QueuesAsync(CancellationToken cancellationToken)
    {
        var queues = new JsonObject();
        long totalBacklog = 0;
        foreach (var spider in (await ledger.QueuesAsync(cancellationToken).ConfigureAwait(false)).GroupBy(q => q.SpiderId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var domains = new JsonArray([.. spider.OrderBy(q => q.Domain, StringComparer.Ordinal)
                .Select(q => (JsonNode)new JsonObject { ["domain"] = q.Domain, ["backlog"] = q.Backlog })]);
            var backlog = spider.Sum(q => q.Backlog);
            totalBacklog += backlog;
            queues["queue_" + spider.Key] = new JsonObject { ["spider_backlog"] = backlog, ["num_domains"] = spider.Count(), ["domains"] = domains };
        }

        queues["total_backlog"] = totalBacklog;
        return queues;
    }

    private async Task<JsonObject> CrawlerAsync(CancellationToken cancellationToken) => new()
    {
        ["spiders"] = await SpidersAsync(cancellationToken).ConfigureAwait(false),
        ["machines"] = await MachinesAsync(cancellationToken).ConfigureAwait(false),
        ["queue"] = await QueuesAsync(cancellationToken).ConfigureAwait(false),
    };

    /// <summary>A counter's value: a lifetime HyperLogLog's count, or a rolling window's events; null for a key of another shape.</summary>
    private async Task<long?> CountAsync(string key, string end, CancellationToken cancellationToken) =>
        end == "lifetime" ? await stats.HyperLogLogCountAsync(key, cancellationToken).ConfigureAwait(false)
        : int.TryParse(end, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? await stats.WindowCountAsync(key, TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false)
            : null;

    private static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is not JsonObject child)
        {
            parent[name] = child = [];
        }

        return child;
    }
}
