namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>The plugins named in <c>PLUGINS</c> cannot be loaded; the monitor does not start.</summary>
internal sealed class PluginLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginLoadException()
    {
    }

    /// <summary>Creates the exception with the reason.</summary>
    public PluginLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public PluginLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
