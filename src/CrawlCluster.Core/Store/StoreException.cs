namespace CrawlCluster.Core.Store;

/// <summary>
/// The store failed a call. Every store adapter translates its client's errors into this one type at its boundary, so
/// components never see a Redis (or Garnet) exception. <see cref="Transient"/> tells an outage (connection lost,
/// timeout), which callers wait out and retry, from a call the store refused, which is a bug.
/// </summary>
public sealed class StoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreException(string message, bool transient, Exception? innerException = null)
        : base(message, innerException) => Transient = transient;

    /// <summary>Creates the exception.</summary>
    public StoreException()
        : this("the store failed", transient: true)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StoreException(string message)
        : this(message, transient: true)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StoreException(string message, Exception innerException)
        : this(message, transient: true, innerException)
    {
    }

    /// <summary>True when the store is unreachable or slow (worth retrying), false when it refused the call.</summary>
    public bool Transient { get; }
}
