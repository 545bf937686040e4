namespace CrawlCluster.Core.Rest;

/// <summary>
/// Answers kept for <c>/poll</c> (port): the original's <c>rest:poll:&lt;uuid&gt;</c> keys, with a time to live, so any
/// gateway instance can hand out an answer another one received.
/// </summary>
internal interface IPollStore
{
    /// <summary>Keeps <paramref name="json"/> for <paramref name="uuid"/> for <paramref name="ttl"/>.</summary>
    Task SaveAsync(string uuid, string json, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>
    /// Takes (reads and deletes) the answer for <paramref name="uuid"/>; null when there is none. A taken answer is
    /// remembered for <paramref name="ttl"/> (as long as answers live), so a copy stored late is not handed out again.
    /// </summary>
    Task<string?> TakeAsync(string uuid, TimeSpan ttl, CancellationToken cancellationToken);
}
