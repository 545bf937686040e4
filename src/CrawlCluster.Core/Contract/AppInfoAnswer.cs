using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>The answer to an <c>info</c> request without a crawlid (CONTRACT.md Part B §4.3).</summary>
public sealed record AppInfoAnswer
{
    /// <summary>The request's uuid.</summary>
    [JsonPropertyName("uuid")]
    public required string Uuid { get; set; }

    /// <summary>Epoch seconds when answered.</summary>
    [JsonPropertyName("server_time")]
    public long ServerTime { get; set; }

    /// <summary>The application.</summary>
    [JsonPropertyName("appid")]
    public required string AppId { get; set; }

    /// <summary>The spider type.</summary>
    [JsonPropertyName("spiderid")]
    public required string SpiderId { get; set; }

    /// <summary>All requests of the application still queued.</summary>
    [JsonPropertyName("total_pending")]
    public int TotalPending { get; set; }

    /// <summary>Distinct domains across its crawls.</summary>
    [JsonPropertyName("total_domains")]
    public int TotalDomains { get; set; }

    /// <summary>How many crawls.</summary>
    [JsonPropertyName("total_crawlids")]
    public int TotalCrawlIds { get; set; }

    /// <summary>The backlog per crawl.</summary>
    [JsonPropertyName("crawlids")]
    public Dictionary<string, CrawlBacklog> CrawlIds { get; set; } = [];
}
