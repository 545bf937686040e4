namespace CrawlCluster.Core.Bus;

/// <summary>The bus refused a message or could not be reached; the message says which platform and why.</summary>
public sealed class BusException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BusException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
