using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Json;
using CrawlCluster.Core.Keys;

namespace CrawlCluster.RedisMonitor.Plugins;

/// <summary>
/// Publishes the monitor's answers as the original did: Python-style JSON on <c>&lt;prefix&gt;.outbound_firehose</c>,
/// and first on <c>&lt;prefix&gt;.outbound_&lt;appid&gt;</c> with KAFKA_APPID_TOPICS.
/// </summary>
internal sealed class Answers(IMessageBus bus, TopicOptions topics, TimeProvider time)
{
    private readonly TopicNames _topics = new(topics);

    /// <summary>The original's <c>server_time</c>: whole epoch seconds.</summary>
    public long ServerTime => time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Publishes <paramref name="answer"/> for <paramref name="appId"/>; the topic it reached last.</summary>
    public async Task<string> PublishAsync(string appId, JsonObject answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var message = BusMessage.FromJson(WireJson.Serialize(answer, WireJsonStyle.Python));
        var last = "";
        foreach (var topic in _topics.ForAnswer(appId))
        {
            await bus.ProduceAsync(topic, message, cancellationToken).ConfigureAwait(false);
            last = topic;
        }

        return last;
    }
}
