using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>
/// The value of a <c>zk:&lt;action&gt;:&lt;domain&gt;:&lt;appid&gt;</c> job key (CONTRACT.md Part B §1.4): domain and
/// uuid, plus hits, scale and window (in that order) for <c>domain-update</c>.
/// </summary>
public sealed record DomainConfigJob
{
    /// <summary>The domain.</summary>
    [JsonPropertyName("domain")]
    public required string Domain { get; set; }

    /// <summary>The request's uuid.</summary>
    [JsonPropertyName("uuid")]
    public required string Uuid { get; set; }

    /// <summary>Hits per window, for <c>domain-update</c>.</summary>
    [JsonPropertyName("hits"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Hits { get; set; }

    /// <summary>Scale, for <c>domain-update</c>.</summary>
    [JsonPropertyName("scale"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Scale { get; set; }

    /// <summary>Window in seconds, for <c>domain-update</c>.</summary>
    [JsonPropertyName("window"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Window { get; set; }
}
