namespace CrawlCluster.Core.Frontier;

/// <summary>A request given up, and why: what the dashboard lists as the cluster's recent failures.</summary>
/// <param name="Url">The request's URL.</param>
/// <param name="Reason">Why it was given up, one line.</param>
/// <param name="SpiderId">The spider type.</param>
/// <param name="AppId">The application.</param>
/// <param name="CrawlId">The crawl.</param>
/// <param name="At">When it was given up.</param>
public sealed record CrawlFailure(string Url, string Reason, string SpiderId, string AppId, string CrawlId, DateTimeOffset At);
