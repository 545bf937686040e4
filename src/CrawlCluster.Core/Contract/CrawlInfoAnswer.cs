using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>The answer to an <c>info</c> request that names a crawlid (CONTRACT.md Part B §4.3).</summary>
public sealed record CrawlInfoAnswer
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

    /// <summary>The crawl.</summary>
    [JsonPropertyName("crawlid")]
    public required string CrawlId { get; set; }

    /// <summary>Requests of this crawl still queued.</summary>
    [JsonPropertyName("total_pending")]
    public int TotalPending { get; set; }

    /// <summary>Domains with requests queued.</summary>
    [JsonPropertyName("total_domains")]
    public int TotalDomains { get; set; }

    /// <summary>The backlog per domain.</summary>
    [JsonPropertyName("domains")]
    public Dictionary<string, DomainBacklog> Domains { get; set; } = [];

    /// <summary>The crawl's <c>timeout:</c> value, a string in the original; absent when the crawl never expires.</summary>
    [JsonPropertyName("expires"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonNode? Expires { get; set; }
}
