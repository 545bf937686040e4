namespace CrawlCluster.Crawler.Downloading;

/// <summary>A download that produced no response, and why.</summary>
internal sealed class DownloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DownloadException(DownloadFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    /// <summary>Creates the exception.</summary>
    public DownloadException()
        : this(DownloadFailure.Connection, "download failed")
    {
    }

    /// <summary>Creates the exception.</summary>
    public DownloadException(string message)
        : this(DownloadFailure.Connection, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DownloadException(string message, Exception innerException)
        : this(DownloadFailure.Connection, message, innerException)
    {
    }

    /// <summary>Why.</summary>
    public DownloadFailure Failure { get; }

    /// <summary>Whether the original retried such failures (timeouts and connection errors).</summary>
    public bool Retryable => Failure is DownloadFailure.Timeout or DownloadFailure.Connection;
}
