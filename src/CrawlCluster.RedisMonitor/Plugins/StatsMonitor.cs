using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.RedisMonitor.Plugins;

/// <summary>
/// Stats requests (<c>statsrequest:&lt;stats&gt;:&lt;appid&gt;</c> = uuid) answered from the stats keys every process
/// writes, in the original's shapes: kafka-monitor, redis-monitor, rest (totals, failures, plugins, nodes), spider,
/// machine, queue, crawler (spiders, machines and — the original's spelling — <c>queue</c>) and all.
/// </summary>
internal sealed class StatsMonitor(ClusterStats stats, MonitorAnswers answers, ILogger<StatsMonitor> logger) : IRedisMonitorPlugin
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
                answer = await stats.ComponentAsync(kind, cancellationToken).ConfigureAwait(false);
                break;
            case "spider":
                answer = new JsonObject { ["spiders"] = await stats.SpidersAsync(cancellationToken).ConfigureAwait(false) };
                break;
            case "machine":
                answer = new JsonObject { ["machines"] = await stats.MachinesAsync(cancellationToken).ConfigureAwait(false) };
                break;
            case "queue":
                answer = new JsonObject { ["queues"] = await stats.QueuesAsync(cancellationToken).ConfigureAwait(false) };
                break;
            case "crawler":
                answer = await stats.CrawlerAsync(cancellationToken).ConfigureAwait(false);
                break;
            case "all":
                answer = new JsonObject
                {
                    ["kafka-monitor"] = await stats.ComponentAsync("kafka-monitor", cancellationToken).ConfigureAwait(false),
                    ["redis-monitor"] = await stats.ComponentAsync("redis-monitor", cancellationToken).ConfigureAwait(false),
                    ["crawler"] = await stats.CrawlerAsync(cancellationToken).ConfigureAwait(false),
                    ["rest"] = await stats.ComponentAsync("rest", cancellationToken).ConfigureAwait(false),
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
}
