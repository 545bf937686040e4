using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>The answer to a domain-config ("zookeeper") request (CONTRACT.md Part B §4.7); it has no success flag.</summary>
public sealed record DomainConfigAnswer
{
    /// <summary>The request's uuid.</summary>
    [JsonPropertyName("uuid")]
    public required string Uuid { get; set; }

    /// <summary>Epoch seconds when answered.</summary>
    [JsonPropertyName("server_time")]
    public long ServerTime { get; set; }

    /// <summary>The action applied.</summary>
    [JsonPropertyName("action")]
    public required string Action { get; set; }

    /// <summary>The domain.</summary>
    [JsonPropertyName("domain")]
    public required string Domain { get; set; }

    /// <summary>The application.</summary>
    [JsonPropertyName("appid")]
    public required string AppId { get; set; }

    /// <summary>What went wrong reading or writing the configuration; absent on success.</summary>
    [JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; set; }
}
