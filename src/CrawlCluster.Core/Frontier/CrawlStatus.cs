namespace CrawlCluster.Core.Frontier;

/// <summary>Where a crawl stands: its counters, its retries, and when it was first and last active.</summary>
/// <param name="Counts">Pending, in flight, done, failed.</param>
/// <param name="Retried">Attempts queued again after a failure.</param>
/// <param name="FirstActivity">When its first request was queued; null for a crawl the frontier has not seen.</param>
/// <param name="LastActivity">When a request of it was last queued or ended.</param>
public sealed record CrawlStatus(CrawlCounts Counts, long Retried, DateTimeOffset? FirstActivity, DateTimeOffset? LastActivity);
