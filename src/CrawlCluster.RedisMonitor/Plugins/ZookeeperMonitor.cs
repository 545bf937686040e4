using System.Text.Json;
using System.Text.Json.Nodes;
using CrawlCluster.Core.DomainConfig;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.RedisMonitor.Plugins;

/// <summary>
/// Domain configuration requests (<c>zk:&lt;action&gt;:&lt;domain&gt;:&lt;appid&gt;</c> = JSON): domain-update,
/// domain-remove, blacklist-update and blacklist-remove applied to the cluster's domain configuration in the store —
/// compare-and-set, never after a failed read (the original could wipe it, its #19) — which every crawler applies
/// live; answered as the original did.
/// </summary>
internal sealed class ZookeeperMonitor(IDomainConfigStore config, MonitorAnswers answers, ILogger<ZookeeperMonitor> logger) : IRedisMonitorPlugin
{
    public string Name => "ZookeeperMonitor";

    public string Pattern => "zk:*:*:*";

    public async Task HandleAsync(MonitorJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        Log.Received(logger, "zookeeper", job.Key);
        var (action, domain, appId) = (job.Parts[1], job.Parts[2], string.Join(':', job.Parts.Skip(3)));
        var request = ParseValue(job.Value);
        Func<ClusterDomainConfig, ClusterDomainConfig> change = action switch
        {
            "domain-update" => c => c.WithDomain(domain, new DomainThrottle(
                Number(request, "window") ?? throw new FormatException("'window' is missing"),
                Number(request, "hits") ?? throw new FormatException("'hits' is missing"),
                request?["scale"] is JsonValue scale && scale.TryGetValue<double>(out var s) ? s : null)),
            "domain-remove" => c => c.WithoutDomain(domain),
            "blacklist-update" => c => c.WithBlacklisted(domain),
            "blacklist-remove" => c => c.WithoutBlacklisted(domain),
            _ => throw new FormatException($"unknown action '{action}'"),
        };
        await config.UpdateAsync(change, cancellationToken).ConfigureAwait(false);
        var answer = new JsonObject
        {
            ["action"] = action,
            ["domain"] = domain,
            ["server_time"] = answers.ServerTime,
            ["uuid"] = request?["uuid"]?.DeepClone(),
            ["appid"] = appId,
        };
        Log.Sent(logger, "zookeeper", await answers.PublishAsync(appId, answer, cancellationToken).ConfigureAwait(false));
    }

    public JsonObject? ErrorAnswer(MonitorJob job, string reason) => new()
    {
        ["action"] = job.Parts.ElementAtOrDefault(1),
        ["domain"] = job.Parts.ElementAtOrDefault(2),
        ["uuid"] = ParseValue(job.Value)?["uuid"]?.DeepClone(),
        ["appid"] = job.Parts.ElementAtOrDefault(3),
        ["error"] = reason,
    };

    private static JsonObject? ParseValue(string value)
    {
        try
        {
            return JsonNode.Parse(value) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int? Number(JsonObject? request, string name) =>
        request?[name] is JsonValue value && value.TryGetValue<double>(out var number) ? (int)number : null;
}
