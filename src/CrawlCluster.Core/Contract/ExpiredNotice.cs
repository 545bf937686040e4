using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>Published when a crawl's <c>expires</c> time passes (CONTRACT.md Part B §4.5). It carries no uuid.</summary>
public sealed record ExpiredNotice
{
    /// <summary>Always <c>expired</c>.</summary>
    [JsonPropertyName("action")]
    public string Action { get; set; } = "expired";

    /// <summary>Epoch seconds when the crawl was stopped.</summary>
    [JsonPropertyName("server_time")]
    public long ServerTime { get; set; }

    /// <summary>The expired crawl.</summary>
    [JsonPropertyName("crawlid")]
    public required string CrawlId { get; set; }

    /// <summary>The spider type.</summary>
    [JsonPropertyName("spiderid")]
    public required string SpiderId { get; set; }

    /// <summary>The application.</summary>
    [JsonPropertyName("appid")]
    public required string AppId { get; set; }

    /// <summary>Queued requests removed.</summary>
    [JsonPropertyName("total_expired")]
    public int TotalExpired { get; set; }
}
