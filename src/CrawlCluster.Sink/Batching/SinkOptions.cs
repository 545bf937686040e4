using System.ComponentModel.DataAnnotations;
using CrawlCluster.Core.Logging;
using CrawlCluster.Core.Settings;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Sink.Batching;

/// <summary>How the sink batches crawled results into a database (the batching consumer of the seed documents).</summary>
internal sealed class SinkOptions
{
    /// <summary><c>sqlite</c> (embedded, the default) or <c>postgres</c>.</summary>
    [ConfigurationKeyName("SINK_DATABASE"), OneOf("sqlite", "postgres")]
    public string Database { get; set; } = "sqlite";

    /// <summary>The ADO.NET connection string; never printed.</summary>
    /// <value>The default is a SQLite file <c>crawled.db</c> in the working directory.</value>
    [ConfigurationKeyName("SINK_CONNECTION_STRING"), Secret, Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty")]
    public string ConnectionString { get; set; } = "Data Source=crawled.db";

    /// <summary>The table rows go to; created when missing.</summary>
    /// <value>The default is <c>crawled_pages</c>.</value>
    [ConfigurationKeyName("SINK_TABLE"), RegularExpression("^[A-Za-z_][A-Za-z0-9_]{0,62}$", ErrorMessage = "must be a plain SQL identifier")]
    public string Table { get; set; } = "crawled_pages";

    /// <summary>The consumer group sinks share.</summary>
    /// <value>The default is <c>crawlcluster-sink</c>.</value>
    [ConfigurationKeyName("SINK_GROUP"), Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty")]
    public string Group { get; set; } = "crawlcluster-sink";

    /// <summary>Rows written per batch at most.</summary>
    /// <value>The default is 500.</value>
    [ConfigurationKeyName("SINK_BATCH_SIZE"), Range(1, 1_000_000, ErrorMessage = "must be between {1} and {2}")]
    public int BatchSize { get; set; } = 500;

    /// <summary>Milliseconds a partial batch may wait before it is written.</summary>
    /// <value>The default is 2000.</value>
    [ConfigurationKeyName("SINK_BATCH_MAX_AGE_MS"), Range(1, 3_600_000, ErrorMessage = "must be between {1} and {2} ms")]
    public int BatchMaxAgeMs { get; set; } = 2000;
}
