namespace CrawlCluster.Core.Frontier;

/// <summary>One domain queue and what waits in it.</summary>
/// <param name="SpiderId">The spider type.</param>
/// <param name="Domain">The domain key.</param>
/// <param name="Backlog">Requests queued.</param>
public sealed record QueueBacklog(string SpiderId, string Domain, long Backlog);
