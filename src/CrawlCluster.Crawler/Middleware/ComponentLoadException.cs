namespace CrawlCluster.Crawler.Middleware;

/// <summary>A ranked crawler component could not be found or loaded; the message names it and the setting.</summary>
internal sealed class ComponentLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ComponentLoadException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ComponentLoadException()
        : this("a crawler component could not be loaded")
    {
    }

    /// <summary>Creates the exception.</summary>
    public ComponentLoadException(string message)
        : this(message, null)
    {
    }
}
