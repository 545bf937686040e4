using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>The <c>error</c> of a Rest envelope (CONTRACT.md Part B §5.3).</summary>
public sealed record RestError
{
    /// <summary>What failed, e.g. <c>The payload must be valid JSON.</c></summary>
    [JsonPropertyName("message")]
    public required string Message { get; set; }

    /// <summary>The detail, e.g. the schema validator's text.</summary>
    [JsonPropertyName("cause"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cause { get; set; }
}
