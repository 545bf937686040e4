using System.ComponentModel.DataAnnotations;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Settings;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Rest.Api;

/// <summary>The Rest gateway's settings (CONTRACT.md Part B §5.5).</summary>
internal sealed class RestOptions
{
    /// <summary>The HTTP port (the original's Flask port).</summary>
    /// <value>The default is 5343.</value>
    [ConfigurationKeyName("FLASK_PORT"), Range(1, 65535, ErrorMessage = "must be a TCP port between {1} and {2}")]
    public int Port { get; set; } = 5343;

    /// <summary>Log every HTTP request.</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("FLASK_LOGGING_ENABLED")]
    public bool RequestLogging { get; set; } = true;

    /// <summary>When set, every request but <c>/</c> and <c>/health</c> must carry it (<c>X-Api-Key</c> header or bearer token); never printed.</summary>
    [ConfigurationKeyName("REST_API_KEY"), Secret]
    public string? ApiKey { get; set; }

    /// <summary>The topic <c>/feed</c> writes to.</summary>
    /// <value>The default is <c>demo.incoming</c>.</value>
    [ConfigurationKeyName("KAFKA_PRODUCER_TOPIC"), Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty")]
    public string ProducerTopic { get; set; } = TopicNames.DefaultIncoming;

    /// <summary>Seconds <c>/feed</c> waits for the bus to take a message.</summary>
    /// <value>The default is 10.</value>
    [ConfigurationKeyName("KAFKA_FEED_TIMEOUT"), Range(1, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int FeedTimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds between drains of the outbound topic.</summary>
    /// <value>The default is 1.</value>
    [ConfigurationKeyName("KAFKA_CONSUMER_SLEEP_TIME"), Range(0.0, 3600.0, ErrorMessage = "must be between {1} and {2} seconds")]
    public double ConsumerSleepSeconds { get; set; } = 1;

    /// <summary>Seconds between heartbeats.</summary>
    /// <value>The default is 5.</value>
    [ConfigurationKeyName("SLEEP_TIME"), Range(0.0, 3600.0, ErrorMessage = "must be between {1} and {2} seconds")]
    public double SleepSeconds { get; set; } = 5;

    /// <summary>Seconds the heartbeat key lives.</summary>
    /// <value>The default is 120.</value>
    [ConfigurationKeyName("HEARTBEAT_TIMEOUT"), Range(1, 86_400, ErrorMessage = "must be between {1} and {2} seconds")]
    public int HeartbeatTimeoutSeconds { get; set; } = 120;

    /// <summary>Seconds to wait for background loops on shutdown.</summary>
    /// <value>The default is 10.</value>
    [ConfigurationKeyName("DAEMON_THREAD_JOIN_TIMEOUT"), Range(0, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int ShutdownTimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds <c>/feed</c> waits for an answer before returning a <c>poll_id</c>.</summary>
    /// <value>The default is 5.</value>
    [ConfigurationKeyName("WAIT_FOR_RESPONSE_TIME"), Range(0, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public int WaitForResponseSeconds { get; set; } = 5;

    /// <summary>The address the gateway listens on: loopback unless you say otherwise.</summary>
    /// <value>The default is <c>127.0.0.1</c>; <c>0.0.0.0</c> listens on every interface (set REST_API_KEY then).</value>
    [ConfigurationKeyName("REST_HOST"), Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty")]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The largest request body, in bytes; larger ones get 413.</summary>
    /// <value>The default is 1 MiB.</value>
    [ConfigurationKeyName("REST_MAX_BODY"), Range(1024, 1024 * 1024 * 1024, ErrorMessage = "must be between {1} and {2} bytes")]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Seconds an answer waits in the store for <c>/poll</c> before it expires (the original kept them forever).</summary>
    /// <value>The default is 3600.</value>
    [ConfigurationKeyName("REST_POLL_TTL"), Range(1, 30 * 86_400, ErrorMessage = "must be between {1} and {2} seconds")]
    public int PollTtlSeconds { get; set; } = 3600;

    /// <summary>Requests a second one client (its IP address) may make; more get 429 with Retry-After. 0 turns it off.</summary>
    /// <value>The default is 100.</value>
    [ConfigurationKeyName("REST_RATE_LIMIT"), Range(0, 1_000_000, ErrorMessage = "must be between {1} and {2}")]
    public int RateLimit { get; set; } = 100;

    /// <summary>Comma-separated origins browsers may call the API from (CORS); none when empty.</summary>
    [ConfigurationKeyName("REST_CORS_ORIGINS")]
    public string? CorsOrigins { get; set; }

    /// <summary>A folder of extra JSON schemas for endpoint validation; the built-in ones are embedded.</summary>
    /// <value>The default is <c>schemas/</c>.</value>
    [ConfigurationKeyName("SCHEMA_DIR")]
    public string SchemaDirectory { get; set; } = "schemas/";
}
