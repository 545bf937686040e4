namespace CrawlCluster.Core.Json;

/// <summary>The original's JSON encoders, whose output bytes are part of the wire format (CONTRACT.md Part B §0).</summary>
internal enum WireJsonStyle
{
    /// <summary>
    /// ujson 1.35: compact, <c>/</c> escaped as <c>\/</c>, non-ASCII as <c>\uXXXX</c>. Used for queue members,
    /// domain-config job values and crawled pages (with sorted keys).
    /// </summary>
    Ujson,

    /// <summary>
    /// Python's <c>json.dumps</c>: <c>", "</c> and <c>": "</c> separators, non-ASCII escaped, slashes not escaped.
    /// Used by <c>feed</c>, the Redis Monitor's answers and the Rest service.
    /// </summary>
    Python,
}
