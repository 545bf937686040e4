namespace CrawlCluster.Core.Dedup;

/// <summary>
/// The per-crawl duplicate filter: the fingerprints of the requests a crawl has seen, shared by every crawler, whose
/// lifetime (DUPEFILTER_TIMEOUT) slides on every check.
/// </summary>
public interface IDupeFilter
{
    /// <summary>Records each fingerprint for the crawl, in one round trip; true for each that had been seen before.</summary>
    Task<bool[]> SeenAsync(string spiderId, string crawlId, IReadOnlyList<string> fingerprints, CancellationToken cancellationToken);
}
