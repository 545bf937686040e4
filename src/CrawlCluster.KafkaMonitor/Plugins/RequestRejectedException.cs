namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>A valid request a plugin refuses to handle; the monitor logs the reason, counts a failure and goes on.</summary>
public sealed class RequestRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RequestRejectedException()
    {
    }

    /// <summary>Creates the exception with the reason.</summary>
    public RequestRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public RequestRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
