namespace CrawlCluster.Core.Frontier;

/// <summary>The frontier's housekeeping, which any process may do for everyone.</summary>
public interface IFrontierMaintenance
{
    /// <summary>Returns requests whose leases expired (their crawler died) to their queues; how many were returned.</summary>
    Task<int> ReclaimExpiredAsync(string spiderId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds to the ready index every queue of <paramref name="spiderId"/> written by another program (the original's
    /// Kafka Monitor knows nothing of the index), and counts the requests such a program queued into their crawls'
    /// counters and backlogs, once each, so that <c>info</c> and <c>status</c> include them. With
    /// <paramref name="oncePer"/> above zero, the scan runs only if no process of the cluster ran it for
    /// <paramref name="spiderId"/> within that time (and returns nothing adopted otherwise): one scan a period serves
    /// every crawler, where one each would multiply the store's work by the number of crawlers.
    /// </summary>
    Task<FrontierAdoption> AdoptForeignQueuesAsync(string spiderId, TimeSpan oncePer, CancellationToken cancellationToken);
}
