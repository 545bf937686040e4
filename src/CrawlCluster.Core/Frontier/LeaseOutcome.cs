namespace CrawlCluster.Core.Frontier;

/// <summary>How a lease ended, counted in the crawl's counters under the same name.</summary>
public enum LeaseOutcome
{
    /// <summary>The result is on the bus (<c>done</c>).</summary>
    Done,

    /// <summary>Given up: dropped or failed for good (<c>failed</c>).</summary>
    Failed,

    /// <summary>Queued again as a retry, which counts as pending on its own (<c>retried</c>).</summary>
    Retried,
}
