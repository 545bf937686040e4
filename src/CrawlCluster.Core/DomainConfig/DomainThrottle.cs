namespace CrawlCluster.Core.DomainConfig;

/// <summary>A domain's own throttle in the cluster configuration (CONTRACT.md Part B §2.5, §3.6).</summary>
/// <param name="Window">The window in seconds.</param>
/// <param name="Hits">Requests per window.</param>
/// <param name="Scale">0..1; the limit is <c>int(hits × scale)</c>. Null when not given.</param>
public sealed record DomainThrottle(int Window, int Hits, double? Scale);
