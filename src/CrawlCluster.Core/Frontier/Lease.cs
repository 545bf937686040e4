namespace CrawlCluster.Core.Frontier;

/// <summary>
/// A request handed to one crawler until <see cref="Deadline"/>: acknowledged when its result is on the bus, released
/// on a graceful stop, and returned to its queue by any process once the deadline passed (DESIGN.md §6.1).
/// </summary>
/// <param name="Id">The lease's unique id.</param>
/// <param name="Domain">The domain key (<c>bbc.co.uk</c>, <c>1.2.3.4.</c>).</param>
/// <param name="QueueKey">The queue the request came from.</param>
/// <param name="Member">The request as queued (the original's JSON).</param>
/// <param name="Score">Its queue score (<see cref="QueueScore"/>).</param>
/// <param name="Crawl">The crawl it belongs to.</param>
/// <param name="Deadline">When the lease expires.</param>
public sealed record Lease(string Id, string Domain, string QueueKey, string Member, double Score, CrawlIdentity Crawl, DateTimeOffset Deadline)
{
    /// <summary>The request's priority.</summary>
    public int Priority => QueueScore.PriorityOf(Score);
}
