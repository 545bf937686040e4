using CrawlCluster.Core.Metrics;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Json;
using CrawlCluster.Core.Keys;

namespace CrawlCluster.RedisMonitor.Plugins;

/// <summary>
/// Publishes the Redis Monitor's answers as the original did: Python-style JSON on <c>&lt;prefix&gt;.outbound_firehose</c>,
/// and first on <c>&lt;prefix&gt;.outbound_&lt;appid&gt;</c> with KAFKA_APPID_TOPICS.
/// </summary>
public sealed class MonitorAnswers
{
    private readonly IMessageBus _bus;
    private readonly TopicNames _topics;
    private readonly TimeProvider _time;

    internal MonitorAnswers(IMessageBus bus, TopicOptions topics, TimeProvider time)
    {
        _bus = bus;
        _topics = new TopicNames(topics);
        _time = time;
    }

    /// <summary>The original's <c>server_time</c>: whole epoch seconds.</summary>
    public long ServerTime => _time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Publishes <paramref name="answer"/> for <paramref name="appId"/>.</summary>
    /// <returns>The topic it reached last (for the log).</returns>
    public async Task<string> PublishAsync(string appId, JsonObject answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var message = BusMessage.FromJson(WireJson.Serialize(answer, WireJsonStyle.Python));
        var last = "";
        foreach (var topic in _topics.ForAnswer(appId))
        {
            await _bus.ProduceAsync(topic, message, cancellationToken).ConfigureAwait(false);
            last = topic;
        }

        ClusterMetrics.Jobs.Add(1, ClusterMetrics.Tag("kind", Kind(answer)), ClusterMetrics.Tag("result", answer.ContainsKey("error") ? "error" : "ok"));
        return last;
    }

    private static string Kind(JsonObject answer) =>
        (answer["action"] as JsonValue)?.TryGetValue<string>(out var action) == true ? action
        : answer.ContainsKey("stats") ? "stats"
        : answer.ContainsKey("total_pending") ? "info"
        : "other";
}
