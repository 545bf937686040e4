using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>The answer to a <c>stop</c> request (CONTRACT.md Part B §4.4).</summary>
public sealed record StopAnswer
{
    /// <summary>Always <c>stop</c>.</summary>
    [JsonPropertyName("action")]
    public string Action { get; init; } = "stop";

    /// <summary>The spider type.</summary>
    [JsonPropertyName("spiderid")]
    public required string SpiderId { get; init; }

    /// <summary>The application.</summary>
    [JsonPropertyName("appid")]
    public required string AppId { get; init; }

    /// <summary>The stopped crawl.</summary>
    [JsonPropertyName("crawlid")]
    public required string CrawlId { get; init; }

    /// <summary>Queued requests removed.</summary>
    [JsonPropertyName("total_purged")]
    public int TotalPurged { get; init; }

    /// <summary>The request's uuid.</summary>
    [JsonPropertyName("uuid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Uuid { get; init; }

    /// <summary>Epoch seconds when answered.</summary>
    [JsonPropertyName("server_time")]
    public long ServerTime { get; init; }
}
