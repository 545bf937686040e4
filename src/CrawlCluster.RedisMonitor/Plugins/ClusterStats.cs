using System.Globalization;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Stats;

namespace CrawlCluster.RedisMonitor.Plugins;

/// <summary>
/// The cluster's stats read back from the keys every process writes, in the original's shapes: what stats requests
/// are answered with and what the periodic stats dump logs.
/// </summary>
internal sealed class ClusterStats(IStatsStore stats, ICrawlLedger ledger)
{
    /// <summary>A component's counters: total and fail per window, plugins per window, live nodes (sections only when they have keys).</summary>
    public async Task<JsonObject> ComponentAsync(string name, CancellationToken cancellationToken)
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
    public async Task<JsonObject> SpidersAsync(CancellationToken cancellationToken)
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
    public async Task<JsonObject> MachinesAsync(CancellationToken cancellationToken)
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

    /// <summary>Per spider type: its backlog, its number of domain queues and each queue's backlog; and the total.</summary>
    public async Task<JsonObject> QueuesAsync(CancellationToken cancellationToken)
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

    /// <summary>Spiders, machines and — the original's spelling — <c>queue</c>.</summary>
    public async Task<JsonObject> CrawlerAsync(CancellationToken cancellationToken) => new()
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
