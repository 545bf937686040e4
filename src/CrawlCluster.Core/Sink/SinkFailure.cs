namespace CrawlCluster.Core.Sink;

/// <summary>How a database call failed, which decides what the sink does next.</summary>
internal enum SinkFailure
{
    /// <summary>Unreachable, restarting, timed out or overloaded: wait and retry the same batch.</summary>
    Outage,

    /// <summary>The data was refused (bad bytes, a value too large): split the batch to find the record.</summary>
    Rejected,

    /// <summary>A setting is wrong (credentials, missing database, no permission): stop with the reason.</summary>
    Fatal,
}
