namespace CrawlCluster.Core.Keys;

/// <summary>
/// Keys of CrawlCluster's additions to the original's layout (CONTRACT.md A.1): all under <c>cc:</c>, so they cannot
/// collide with the original's keys, and an original component that knows nothing of them still works beside ours.
/// </summary>
public static class CrawlClusterKeys
{
    /// <summary>Domains with queued requests, scored by the epoch milliseconds when a pop may next succeed.</summary>
    public static string Ready(string spiderId) => $"cc:ready:{spiderId}";

    /// <summary>Leased requests: lease id scored by its deadline (epoch milliseconds).</summary>
    public static string Leases(string spiderId) => $"cc:leases:{spiderId}";

    /// <summary>What each lease holds: its queue, score, domain and member.</summary>
    public static string LeaseData(string spiderId) => $"cc:leasedata:{spiderId}";

    /// <summary>A crawl's counters: <c>pending</c>, <c>inflight</c>, <c>done</c>, <c>failed</c>.</summary>
    public static string CrawlCounters(string spiderId, string appId, string crawlId) => $"cc:crawl:{spiderId}:{appId}:{crawlId}";

    /// <summary>The pub/sub channel that wakes idle crawlers of a spider when work is queued.</summary>
    public static string FrontierSignal(string spiderId) => $"cc:frontier-signal:{spiderId}";
}
