namespace CrawlCluster.Core.Frontier;

/// <summary>
/// The producer side of the frontier: puts requests into their domain queues (the Kafka Monitor's seeds, a crawler's
/// links and retries). Requests stay in the original's queue keys so the original's components can read them.
/// </summary>
public interface IFrontierQueue
{
    /// <summary>
    /// Queues requests, each in its domain's queue behind the requests of the same priority already there, in one
    /// round trip; true for each one that was new (an identical member already queued keeps its place).
    /// </summary>
    Task<bool[]> PushAsync(IReadOnlyList<FrontierPush> pushes, CancellationToken cancellationToken);
}
