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
    public required string Domain { get; init; }

    /// <summary>The request's uuid.</summary>
    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    /// <summary>Hits per window, for <c>domain-update</c>.</summary>
    [JsonPropertyName("hits"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Hits { get; init; }

    /// <summary>Scale, for <c>domain-update</c>.</summary>
    [JsonPropertyName("scale"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Scale { get; init; }

    /// <summary>Window in seconds, for <c>domain-update</c>.</summary>
    [JsonPropertyName("window"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Window { get; init; }
}
