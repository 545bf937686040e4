namespace CrawlCluster.Core.Frontier;

/// <summary>The frontier's housekeeping, which any process may do for everyone.</summary>
public interface IFrontierMaintenance
{
    /// <summary>Returns requests whose leases expired (their crawler died) to their queues; how many were returned.</summary>
    Task<int> ReclaimExpiredAsync(string spiderId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds to the ready index every queue of <paramref name="spiderId"/> written by another program (the original's
    /// Kafka Monitor knows nothing of the index), and counts the requests such a program queued into their crawls'
    /// counters and backlogs, once each, so that <c>info</c> and <c>status</c> include them.
    /// </summary>
    Task<FrontierAdoption> AdoptForeignQueuesAsync(string spiderId, CancellationToken cancellationToken);
}
