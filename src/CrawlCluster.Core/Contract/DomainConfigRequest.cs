using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>
/// A cluster configuration change, the original's "zookeeper" API (CONTRACT.md Part B §1.3): <c>domain-update</c>,
/// <c>domain-remove</c>, <c>blacklist-update</c> or <c>blacklist-remove</c>.
/// </summary>
public sealed record DomainConfigRequest
{
    /// <summary>Echoed in the answer.</summary>
    [JsonPropertyName("uuid")]
    public required string Uuid { get; set; }

    /// <summary>The application asking.</summary>
    [JsonPropertyName("appid")]
    public required string AppId { get; set; }

    /// <summary>The domain configured, e.g. <c>dmoz.org</c>.</summary>
    [JsonPropertyName("domain")]
    public required string Domain { get; set; }

    /// <summary>What to do.</summary>
    [JsonPropertyName("action")]
    public required string Action { get; set; }

    /// <summary>Requests allowed per window (<c>domain-update</c> only; must not be 0 there).</summary>
    [JsonPropertyName("hits")]
    public int Hits { get; set; }

    /// <summary>The window in seconds (<c>domain-update</c> only; must not be 0 there).</summary>
    [JsonPropertyName("window")]
    public int Window { get; set; }

    /// <summary>0.0..1.0; the effective limit is <c>int(hits × scale)</c>.</summary>
    /// <value>The default is 1.0.</value>
    [JsonPropertyName("scale")]
    public double Scale { get; set; } = 1.0;
}
