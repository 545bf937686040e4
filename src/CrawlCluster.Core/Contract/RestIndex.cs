using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>The Rest service's <c>/</c> answer, not wrapped in an envelope (CONTRACT.md Part B §5.4).</summary>
public sealed record RestIndex
{
    /// <summary>Whether the bus is reachable.</summary>
    [JsonPropertyName("kafka_connected")]
    public bool KafkaConnected { get; set; }

    /// <summary>Whether the store is reachable.</summary>
    [JsonPropertyName("redis_connected")]
    public bool RedisConnected { get; set; }

    /// <summary>Seconds since start.</summary>
    [JsonPropertyName("uptime_sec")]
    public long UptimeSec { get; set; }

    /// <summary>The process id (12 hex characters).</summary>
    [JsonPropertyName("my_id")]
    public required string MyId { get; set; }

    /// <summary><c>GREEN</c> (both connected), <c>YELLOW</c> (one) or <c>RED</c> (none).</summary>
    [JsonPropertyName("node_health")]
    public required string NodeHealth { get; set; }
}
