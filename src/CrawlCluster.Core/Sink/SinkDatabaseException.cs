namespace CrawlCluster.Core.Sink;

/// <summary>A database call failed. Adapters translate their client's errors into this type at their boundary.</summary>
internal sealed class SinkDatabaseException : Exception
{
    public SinkDatabaseException(string message, SinkFailure failure, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    public SinkDatabaseException()
        : this("the database failed", SinkFailure.Outage)
    {
    }

    public SinkDatabaseException(string message)
        : this(message, SinkFailure.Outage)
    {
    }

    public SinkDatabaseException(string message, Exception innerException)
        : this(message, SinkFailure.Outage, innerException)
    {
    }

    /// <summary>Whether to retry, split or stop.</summary>
    public SinkFailure Failure { get; }
}
