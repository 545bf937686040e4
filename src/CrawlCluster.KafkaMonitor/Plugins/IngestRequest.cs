using System.Text.Json.Nodes;

namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>A request that passed a plugin's schema.</summary>
/// <param name="Body">The request with the schema's defaults and <c>ts</c> added, in the original's field order.</param>
/// <param name="MessageId">
/// Identifies the bus message it came from (topic, partition, position and a digest of its bytes): the same on redelivery.
/// </param>
public sealed record IngestRequest(JsonObject Body, string MessageId)
{
    /// <summary>A string field of the body, or null.</summary>
    public string? Text(string name) => Body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
