namespace CrawlCluster.Core.Dedup;

/// <summary>
/// The per-crawl duplicate filter: the fingerprints of the requests a crawl has seen, shared by every crawler, whose
/// lifetime (DUPEFILTER_TIMEOUT) slides on every check.
/// </summary>
public interface IDupeFilter
{
    /// <summary>How long an attempt that was never ended is remembered.</summary>
    static readonly TimeSpan AttemptLifetime = TimeSpan.FromHours(1);

    /// <summary>Records each fingerprint for the crawl, in one round trip; true for each that had been seen before.</summary>
    /// <param name="spiderId">The spider type.</param>
    /// <param name="crawlId">The crawl.</param>
    /// <param name="fingerprints">The requests' fingerprints.</param>
    /// <param name="attempt">
    /// Names the work the check is for (a page's children), or null. What it recorded as new stays new for a later check
    /// under the same name, until <see cref="EndAttemptAsync"/>: a crawler that dies (or loses the store) between this
    /// check and queueing the requests leaves them to be queued by the next crawl of the page, not lost.
    /// </param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<bool[]> SeenAsync(string spiderId, string crawlId, IReadOnlyList<string> fingerprints, string? attempt, CancellationToken cancellationToken);

    /// <summary>Forgets an attempt whose requests are queued (fire and forget: one left behind expires).</summary>
    Task EndAttemptAsync(string spiderId, string crawlId, string attempt, CancellationToken cancellationToken);
}
