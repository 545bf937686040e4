namespace CrawlCluster.Core.Frontier;

/// <summary>Domains that have work queued but that their throttle does not let a crawler take yet.</summary>
/// <param name="Domains">How many.</param>
/// <param name="NextIn">How long until the first of them may be popped; null when none waits.</param>
public sealed record FrontierWaiting(long Domains, TimeSpan? NextIn);
