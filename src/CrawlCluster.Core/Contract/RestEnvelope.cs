using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>Every Rest response but <c>/</c> (CONTRACT.md Part B §5.3).</summary>
public sealed record RestEnvelope
{
    /// <summary>The success status.</summary>
    public const string Success = "SUCCESS";

    /// <summary>The failure status.</summary>
    public const string Failure = "FAILURE";

    /// <summary><see cref="Success"/> or <see cref="Failure"/>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; set; }

    /// <summary>The answer, or null.</summary>
    [JsonPropertyName("data")]
    public JsonNode? Data { get; set; }

    /// <summary>The error, or null.</summary>
    [JsonPropertyName("error")]
    public RestError? Error { get; set; }
}
