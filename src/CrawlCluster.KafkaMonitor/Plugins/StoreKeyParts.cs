namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>
/// Refuses values that would break the colon-separated job keys (the original's #24: a crawlid with a colon made
/// <c>stop</c> ignore the request and <c>info</c> answer for the wrong scope).
/// </summary>
internal static class StoreKeyParts
{
    /// <summary>Throws <see cref="RequestRejectedException"/> when a part contains a colon.</summary>
    public static void Check(params ReadOnlySpan<(string Name, string? Value)> parts)
    {
        foreach (var (name, value) in parts)
        {
            if (value is not null && value.Contains(':', StringComparison.Ordinal))
            {
                throw new RequestRejectedException($"'{name}' must not contain ':' (it separates the parts of store keys): '{value}'");
            }
        }
    }
}
