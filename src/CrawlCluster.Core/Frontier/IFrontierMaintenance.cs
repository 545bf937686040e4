namespace CrawlCluster.Core.Frontier;

/// <summary>The frontier's housekeeping, which any process may do for everyone.</summary>
public interface IFrontierMaintenance
{
    /// <summary>Returns requests whose leases expired (their crawler died) to their queues; how many were returned.</summary>
    Task<int> ReclaimExpiredAsync(string spiderId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds to the ready index every queue of <paramref name="spiderId"/> written by another program (the original's
    /// Kafka Monitor knows nothing of the index); how many domains were new to it.
    /// </summary>
    Task<int> AdoptForeignQueuesAsync(string spiderId, CancellationToken cancellationToken);
}
