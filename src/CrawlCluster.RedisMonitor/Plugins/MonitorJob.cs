namespace CrawlCluster.RedisMonitor.Plugins;

/// <summary>A job the monitor took: its key, the key's colon-separated parts, and its value.</summary>
/// <param name="Key">The job key, e.g. <c>info:link:testapp:abc123</c>.</param>
/// <param name="Value">Its value (a uuid, an expiry time, a domain-config JSON).</param>
public sealed record MonitorJob(string Key, string Value)
{
    /// <summary>The key's parts.</summary>
    public IReadOnlyList<string> Parts { get; } = Key.Split(':');
}
