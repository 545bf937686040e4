using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>An <c>info</c> or <c>stop</c> request (CONTRACT.md Part B §1.3, action schema).</summary>
public sealed record ActionRequest
{
    /// <summary>Echoed in the answer so the caller can match it.</summary>
    [JsonPropertyName("uuid")]
    public required string Uuid { get; set; }

    /// <summary>The application asking.</summary>
    [JsonPropertyName("appid")]
    public required string AppId { get; set; }

    /// <summary>The crawl acted on; required for <c>stop</c>, optional for <c>info</c>.</summary>
    [JsonPropertyName("crawlid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CrawlId { get; set; }

    /// <summary>The spider type whose queues are looked at.</summary>
    [JsonPropertyName("spiderid")]
    public required string SpiderId { get; set; }

    /// <summary><c>info</c> or <c>stop</c>.</summary>
    [JsonPropertyName("action")]
    public required string Action { get; set; }
}
