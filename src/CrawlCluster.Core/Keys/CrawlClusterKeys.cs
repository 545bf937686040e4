namespace CrawlCluster.Core.Keys;

/// <summary>
/// Keys of CrawlCluster's additions to the original's layout (CONTRACT.md A.1): all under <c>cc:</c>, so they cannot
/// collide with the original's keys, and an original component that knows nothing of them still works beside ours.
/// </summary>
internal static class CrawlClusterKeys
{
    /// <summary>Domains with queued requests, scored by the epoch milliseconds when a pop may next succeed.</summary>
    public static string Ready(string spiderId) => $"cc:ready:{spiderId}";

    /// <summary>The cluster's last requests given up (a capped list of JSON records, newest first).</summary>
    public const string RecentFailures = "cc:failures";

    /// <summary>Leased requests: lease id scored by its deadline (epoch milliseconds).</summary>
    public static string Leases(string spiderId) => $"cc:leases:{spiderId}";

    /// <summary>What each lease holds: its queue, score, domain and member.</summary>
    public static string LeaseData(string spiderId) => $"cc:leasedata:{spiderId}";

    /// <summary>A crawl's counters: <c>pending</c>, <c>inflight</c>, <c>done</c>, <c>failed</c>.</summary>
    public static string CrawlCounters(string spiderId, string appId, string crawlId) => $"cc:crawl:{spiderId}:{appId}:{crawlId}";

    /// <summary>
    /// What a crawl has queued, kept as requests come and go so info and stop need not read every queue (the original's
    /// #53): field <c>&lt;priority&gt;|&lt;domain&gt;</c> → requests of that priority waiting in that domain's queue.
    /// </summary>
    public static string CrawlBacklog(string spiderId, string appId, string crawlId) => $"cc:crawlstats:{spiderId}:{appId}:{crawlId}";

    /// <summary>The crawl ids of an application with requests queued for a spider.</summary>
    public static string AppCrawls(string spiderId, string appId) => $"cc:appcrawls:{spiderId}:{appId}";

    /// <summary>Marks a push id seen for a day, so a redelivered bus message is not queued twice.</summary>
    public static string Pushed(string pushId) => $"cc:pushed:{pushId}";

    /// <summary>The pub/sub channel that wakes idle crawlers of a spider when work is queued.</summary>
    public static string FrontierSignal(string spiderId) => $"cc:frontier-signal:{spiderId}";
}
