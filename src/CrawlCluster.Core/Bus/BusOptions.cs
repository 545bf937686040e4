using System.ComponentModel.DataAnnotations;
using CrawlCluster.Core.Logging;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Core.Bus;

/// <summary>
/// Which message bus a process uses and how (DESIGN.md §5): the platform and codec settings of estela's queue adapter
/// and Frontera's message bus, and the original's Kafka client settings (CONTRACT.md Part B §1.8).
/// </summary>
internal sealed class BusOptions
{
    /// <summary><c>memory</c> (in-process), <c>kafka</c> or <c>redis</c> (Redis Streams).</summary>
    /// <value>The default is <c>kafka</c> for the separate processes; <c>crawl</c> and <c>up</c> default to <c>memory</c>.</value>
    [ConfigurationKeyName("QUEUE_PLATFORM"), OneOf("memory", "kafka", "redis")]
    public string Platform { get; set; } = "kafka";

    /// <summary>Comma-separated broker hosts; with <see cref="ListenersPort"/>, overrides <see cref="KafkaHosts"/>.</summary>
    [ConfigurationKeyName("QUEUE_PLATFORM_LISTENERS")]
    public string? Listeners { get; set; }

    /// <summary>The port of <see cref="Listeners"/>.</summary>
    [ConfigurationKeyName("QUEUE_PLATFORM_PORT"), Range(1, 65535, ErrorMessage = "must be a TCP port between {1} and {2}")]
    public int? ListenersPort { get; set; }

    /// <summary>The topic a batching consumer (the sink) reads; null means the crawled firehose.</summary>
    [ConfigurationKeyName("QUEUE_PLATFORM_TOPIC")]
    public string? Topic { get; set; }

    /// <summary>Seconds a consumer may take over one batch before its messages are offered to another consumer.</summary>
    /// <value>The default is 60.</value>
    [ConfigurationKeyName("QUEUE_PLATFORM_MAX_TIMEOUT"), Range(1, 86_400, ErrorMessage = "must be between {1} and {2} seconds")]
    public int MaxTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Partitions of a topic the bus creates: the memory bus uses it; on Kafka a positive value creates missing topics
    /// with that many partitions (CreateTopics), falling back to the brokers' auto-creation if that is refused.
    /// </summary>
    /// <value>The default is 0: the platform's own default (4 in memory; the brokers' <c>num.partitions</c> on Kafka).</value>
    [ConfigurationKeyName("BUS_TOPIC_PARTITIONS"), Range(0, 10_000, ErrorMessage = "must be between {1} and {2}")]
    public int TopicPartitions { get; set; }

    /// <summary><c>json</c> (wire-compatible with the original) or <c>msgpack</c>.</summary>
    /// <value>The default is <c>json</c>.</value>
    [ConfigurationKeyName("MESSAGE_BUS_CODEC"), OneOf("json", "msgpack")]
    public string Codec { get; set; } = "json";

    /// <summary>Kafka bootstrap servers, <c>host:port</c>.</summary>
    /// <value>The default is <c>localhost:9092</c>.</value>
    [ConfigurationKeyName("KAFKA_HOSTS"), MinLength(1, ErrorMessage = "needs at least one host:port")]
    public string[] KafkaHosts { get; set; } = ["localhost:9092"];

    /// <summary>Where a consumer group without a committed position starts: <c>earliest</c> or <c>latest</c>.</summary>
    [ConfigurationKeyName("KAFKA_CONSUMER_AUTO_OFFSET_RESET"), OneOf("earliest", "latest")]
    public string AutoOffsetReset { get; set; } = "earliest";

    /// <summary>Milliseconds a consumer waits for a message before yielding control.</summary>
    /// <value>The default is 50.</value>
    [ConfigurationKeyName("KAFKA_CONSUMER_TIMEOUT"), Range(1, 600_000, ErrorMessage = "must be between {1} and {2} ms")]
    public int ConsumerTimeoutMs { get; set; } = 50;

    /// <summary>Milliseconds between offset commits when auto-commit is on.</summary>
    /// <value>The default is 5000.</value>
    [ConfigurationKeyName("KAFKA_CONSUMER_COMMIT_INTERVAL_MS"), Range(1, 3_600_000, ErrorMessage = "must be between {1} and {2} ms")]
    public int CommitIntervalMs { get; set; } = 5000;

    /// <summary>
    /// The original committed on a timer. CrawlCluster commits after each message is handled (at-least-once) and
    /// accepts this key for compatibility; see docs/compatibility.md.
    /// </summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("KAFKA_CONSUMER_AUTO_COMMIT_ENABLE")]
    public bool AutoCommitEnable { get; set; } = true;

    /// <summary>The largest message a consumer fetches, in bytes.</summary>
    /// <value>The default is 10 MiB.</value>
    [ConfigurationKeyName("KAFKA_CONSUMER_FETCH_MESSAGE_MAX_BYTES"), Range(1024, int.MaxValue, ErrorMessage = "must be at least {1} bytes")]
    public int FetchMessageMaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Milliseconds a producer waits to batch messages.</summary>
    /// <value>The default is 25.</value>
    [ConfigurationKeyName("KAFKA_PRODUCER_BATCH_LINGER_MS"), Range(0, 60_000, ErrorMessage = "must be between {1} and {2} ms")]
    public int LingerMs { get; set; } = 25;

    /// <summary>The producer's buffer, in bytes.</summary>
    /// <value>The default is 4 MiB.</value>
    [ConfigurationKeyName("KAFKA_PRODUCER_BUFFER_BYTES"), Range(1024, int.MaxValue, ErrorMessage = "must be at least {1} bytes")]
    public int BufferBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest message a producer sends, in bytes.</summary>
    /// <value>The default is 1 MiB, as in the original.</value>
    [ConfigurationKeyName("KAFKA_PRODUCER_MAX_REQUEST_SIZE"), Range(1024, int.MaxValue, ErrorMessage = "must be at least {1} bytes")]
    public int MaxRequestSize { get; set; } = 1024 * 1024;

    /// <summary>Milliseconds a Kafka consumer may go silent before the group gives its partitions to another member.</summary>
    /// <value>The default is 45000, Kafka's.</value>
    [ConfigurationKeyName("KAFKA_CONSUMER_SESSION_TIMEOUT_MS"), Range(1000, 3_600_000, ErrorMessage = "must be between {1} and {2} ms")]
    public int SessionTimeoutMs { get; set; } = 45_000;

    /// <summary>Milliseconds between a Kafka consumer's heartbeats; well under the session timeout.</summary>
    /// <value>The default is 3000, Kafka's.</value>
    [ConfigurationKeyName("KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS"), Range(100, 3_600_000, ErrorMessage = "must be between {1} and {2} ms")]
    public int HeartbeatIntervalMs { get; set; } = 3_000;

    /// <summary>Milliseconds a publish may take, retries included, before it fails with an error (never a hang).</summary>
    /// <value>The default is 30000.</value>
    [ConfigurationKeyName("KAFKA_PRODUCER_DELIVERY_TIMEOUT_MS"), Range(1000, 3_600_000, ErrorMessage = "must be between {1} and {2} ms")]
    public int DeliveryTimeoutMs { get; set; } = 30_000;

    /// <summary>Entries kept per Redis stream (approximately, trimmed as Redis does with <c>MAXLEN ~</c>).</summary>
    /// <value>The default is 100000.</value>
    [ConfigurationKeyName("REDIS_STREAMS_MAXLEN"), Range(1, int.MaxValue, ErrorMessage = "must be at least {1}")]
    public int StreamsMaxLength { get; set; } = 100_000;

    /// <summary>
    /// Milliseconds a Redis-stream message may stay unacknowledged before another consumer takes it over. Keep it well
    /// above the time a consumer needs to handle one read batch (500 messages), or messages are handled twice.
    /// </summary>
    /// <value>The default is 30000.</value>
    [ConfigurationKeyName("REDIS_STREAMS_CLAIM_IDLE_MS"), Range(1, 86_400_000, ErrorMessage = "must be between {1} and {2} ms")]
    public int StreamsClaimIdleMs { get; set; } = 30_000;

    /// <summary>The Kafka bootstrap list: <see cref="Listeners"/> with <see cref="ListenersPort"/> when set, else <see cref="KafkaHosts"/>.</summary>
    public string BootstrapServers => Listeners is { Length: > 0 } listeners
        ? string.Join(',', listeners.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(host => ListenersPort is { } port && !host.Contains(':', StringComparison.Ordinal) ? $"{host}:{port}" : host))
        : string.Join(',', KafkaHosts);

    /// <summary>Seconds to wait for the brokers when connecting.</summary>
    /// <value>The default is 5.</value>
    [ConfigurationKeyName("KAFKA_CONN_TIMEOUT"), Range(1, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int ConnectTimeoutSeconds { get; set; } = 5;
}
