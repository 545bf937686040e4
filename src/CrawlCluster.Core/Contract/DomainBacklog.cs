using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>What is queued for one domain in an info answer (CONTRACT.md Part B §4.3).</summary>
public sealed record DomainBacklog
{
    /// <summary>Requests waiting.</summary>
    [JsonPropertyName("total")]
    public int Total { get; set; }

    /// <summary>The highest priority waiting (−9999 when none was seen).</summary>
    [JsonPropertyName("high_priority")]
    public int HighPriority { get; set; }

    /// <summary>The lowest priority waiting (9999 when none was seen).</summary>
    [JsonPropertyName("low_priority")]
    public int LowPriority { get; set; }
}
