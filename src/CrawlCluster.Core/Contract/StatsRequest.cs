using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>A stats request (CONTRACT.md Part B §1.3, stats schema).</summary>
public sealed record StatsRequest
{
    /// <summary>Echoed in the answer.</summary>
    [JsonPropertyName("uuid")]
    public required string Uuid { get; set; }

    /// <summary>The application asking.</summary>
    [JsonPropertyName("appid")]
    public required string AppId { get; set; }

    /// <summary>
    /// <c>kafka-monitor</c>, <c>redis-monitor</c>, <c>crawler</c>, <c>spider</c>, <c>machine</c>, <c>queue</c>,
    /// <c>rest</c> or <c>all</c>.
    /// </summary>
    /// <value>The default is <c>all</c>.</value>
    [JsonPropertyName("stats")]
    public string Stats { get; set; } = "all";
}
