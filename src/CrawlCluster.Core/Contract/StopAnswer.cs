using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>The answer to a <c>stop</c> request (CONTRACT.md Part B §4.4).</summary>
public sealed record StopAnswer
{
    /// <summary>Always <c>stop</c>.</summary>
    [JsonPropertyName("action")]
    public string Action { get; set; } = "stop";

    /// <summary>The spider type.</summary>
    [JsonPropertyName("spiderid")]
    public required string SpiderId { get; set; }

    /// <summary>The application.</summary>
    [JsonPropertyName("appid")]
    public required string AppId { get; set; }

    /// <summary>The stopped crawl.</summary>
    [JsonPropertyName("crawlid")]
    public required string CrawlId { get; set; }

    /// <summary>Queued requests removed.</summary>
    [JsonPropertyName("total_purged")]
    public int TotalPurged { get; set; }

    /// <summary>The request's uuid.</summary>
    [JsonPropertyName("uuid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Uuid { get; set; }

    /// <summary>Epoch seconds when answered.</summary>
    [JsonPropertyName("server_time")]
    public long ServerTime { get; set; }
}
