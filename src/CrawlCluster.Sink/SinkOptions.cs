using System.ComponentModel.DataAnnotations;
using CrawlCluster.Core.Logging;
using CrawlCluster.Core.Settings;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Sink;

/// <summary>How the sink batches messages from the bus into a database (docs/sink.md).</summary>
internal sealed class SinkOptions
{
    /// <summary>
    /// Where rows go: <c>postgresql://user:password@host:port/database</c> or <c>sqlite:///relative.db</c> /
    /// <c>sqlite:////absolute.db</c>; never printed.
    /// </summary>
    /// <value>The default is <c>sqlite:///crawlcluster.db</c>, a SQLite file in the working directory.</value>
    [ConfigurationKeyName("SINK_DATABASE_URL"), Secret, Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty")]
    public string DatabaseUrl { get; set; } = "sqlite:///crawlcluster.db";

    /// <summary>Comma-separated topics to read; empty means QUEUE_PLATFORM_TOPIC, else <c>&lt;prefix&gt;.crawled_firehose</c>.</summary>
    [ConfigurationKeyName("SINK_TOPICS")]
    public string? Topics { get; set; }

    /// <summary>The table crawled pages go to; created when missing.</summary>
    /// <value>The default is <c>crawled_pages</c>.</value>
    [ConfigurationKeyName("SINK_TABLE"), RegularExpression(Identifier, ErrorMessage = "must be a plain SQL identifier")]
    public string Table { get; set; } = "crawled_pages";

    /// <summary>The table messages of other topics go to.</summary>
    /// <value>The default is <c>events</c>.</value>
    [ConfigurationKeyName("SINK_EVENTS_TABLE"), RegularExpression(Identifier, ErrorMessage = "must be a plain SQL identifier")]
    public string EventsTable { get; set; } = "events";

    /// <summary>The table messages that could not be stored go to, with the reason.</summary>
    /// <value>The default is <c>sink_dead_letters</c>.</value>
    [ConfigurationKeyName("SINK_DEAD_LETTER_TABLE"), RegularExpression(Identifier, ErrorMessage = "must be a plain SQL identifier")]
    public string DeadLetterTable { get; set; } = "sink_dead_letters";

    /// <summary>A topic dead letters are also published to; none when empty.</summary>
    [ConfigurationKeyName("SINK_DEAD_LETTER_TOPIC")]
    public string? DeadLetterTopic { get; set; }

    /// <summary><c>crawlid,url</c> keeps only the newest row per page; empty keeps one row per message.</summary>
    [ConfigurationKeyName("SINK_UPSERT_KEY"), OneOf("", "crawlid,url")]
    public string UpsertKey { get; set; } = "";

    /// <summary>The consumer group sinks share: each message is written by one of them.</summary>
    /// <value>The default is <c>crawlcluster-sink</c>.</value>
    [ConfigurationKeyName("SINK_GROUP"), Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty")]
    public string Group { get; set; } = "crawlcluster-sink";

    /// <summary>Rows buffered before a batch is written (and, as many again, read ahead before reading pauses).</summary>
    /// <value>The default is 1000.</value>
    [ConfigurationKeyName("SINK_BATCH_SIZE"), Range(1, 100_000, ErrorMessage = "must be between {1} and {2}")]
    public int BatchSize { get; set; } = 1000;

    /// <summary>Bytes of messages buffered before a batch is written.</summary>
    /// <value>The default is 16 MiB.</value>
    [ConfigurationKeyName("SINK_BATCH_MAX_BYTES"), Range(1024, int.MaxValue, ErrorMessage = "must be at least {1} bytes")]
    public int BatchMaxBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Seconds the oldest buffered row may wait before its batch is written.</summary>
    /// <value>The default is 1.</value>
    [ConfigurationKeyName("SINK_BATCH_MAX_AGE"), Range(0.001, 3600, ErrorMessage = "must be between {1} and {2} seconds")]
    public double BatchMaxAgeSeconds { get; set; } = 1;

    /// <summary>Batches written at once, each on its own connection; committed on the bus in the order read.</summary>
    /// <value>The default is 2.</value>
    [ConfigurationKeyName("SINK_WRITERS"), Range(1, 16, ErrorMessage = "must be between {1} and {2}")]
    public int Writers { get; set; } = 2;

    /// <summary>Seconds between retries of a database that is down, at most (the back-off doubles from 0.2 s up to it, with jitter).</summary>
    /// <value>The default is 5.</value>
    [ConfigurationKeyName("SINK_RETRY_MAX_DELAY"), Range(0.01, 600, ErrorMessage = "must be between {1} and {2} seconds")]
    public double RetryMaxDelaySeconds { get; set; } = 5;

    private const string Identifier = "^[A-Za-z_][A-Za-z0-9_]{0,62}$";
}
