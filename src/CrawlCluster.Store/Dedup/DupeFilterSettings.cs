namespace CrawlCluster.Store.Dedup;

/// <summary>Which per-crawl duplicate filter the store keeps (the crawler's DUPEFILTER_* settings).</summary>
/// <param name="Type"><c>set</c> (the original's, readable by its crawlers) or <c>bloom</c>.</param>
/// <param name="Timeout">How long a crawl's filter lives after its last check.</param>
/// <param name="BloomCapacity">Entries a Bloom filter is sized for.</param>
/// <param name="BloomErrorRate">A Bloom filter's false-positive rate at capacity.</param>
internal sealed record DupeFilterSettings(string Type, TimeSpan Timeout, long BloomCapacity = 1_000_000, double BloomErrorRate = 0.001)
{
    /// <summary>The original's set with a ten-minute lifetime.</summary>
    public static DupeFilterSettings Default { get; } = new("set", TimeSpan.FromSeconds(600));
}
