using CrawlCluster.Core.Contract;

namespace CrawlCluster.Core.Frontier;

/// <summary>
/// What the frontier knows per crawl: its counters, its backlog per domain, the crawls of an application — kept as
/// requests move, so none of it reads the queued members (the original's info read every one, its #53) — and purging
/// a crawl's queued requests (stop, expire).
/// </summary>
public interface ICrawlLedger
{
    /// <summary>The crawl's counters.</summary>
    Task<CrawlCounts> CountsAsync(string spiderId, CrawlIdentity crawl, CancellationToken cancellationToken);

    /// <summary>What the crawl has queued, per domain: total, highest and lowest priority.</summary>
    Task<IReadOnlyDictionary<string, DomainBacklog>> BacklogAsync(string spiderId, CrawlIdentity crawl, CancellationToken cancellationToken);

    /// <summary>The crawl ids of <paramref name="appId"/> with requests queued.</summary>
    Task<IReadOnlyList<string>> CrawlIdsAsync(string spiderId, string appId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes every queued request of <paramref name="crawl"/> and returns how many were removed. Only the queues of the
    /// crawl's domains are read; <paramref name="scanAllQueues"/> also reads every other queue of the spider, for
    /// requests queued by the original's Kafka Monitor. Requests in flight are not touched.
    /// </summary>
    Task<long> PurgeAsync(string spiderId, CrawlIdentity crawl, bool scanAllQueues, CancellationToken cancellationToken);

    /// <summary>The crawl's counters, retries and first and last activity.</summary>
    Task<CrawlStatus> StatusAsync(string spiderId, CrawlIdentity crawl, CancellationToken cancellationToken);

    /// <summary>The crawls with requests queued that were not announced complete yet, by spider type.</summary>
    Task<IReadOnlyList<(string SpiderId, CrawlIdentity Crawl)>> ActiveCrawlsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Marks the crawl announced complete, once for the whole cluster: true for the one caller that marked it, false
    /// when it was marked already (by another monitor).
    /// </summary>
    Task<bool> MarkCompleteAsync(string spiderId, CrawlIdentity crawl, CancellationToken cancellationToken);

    /// <summary>Every domain queue of every spider type and what waits in it (the stats API's queue section).</summary>
    Task<IReadOnlyList<QueueBacklog>> QueuesAsync(CancellationToken cancellationToken);
}
