namespace CrawlCluster.Core.Bus;

/// <summary>Whether the bus can be reached, and if not why (for the Rest index and logs).</summary>
/// <param name="Connected">True when the platform answered.</param>
/// <param name="Reason">What failed, when not connected.</param>
public sealed record BusHealth(bool Connected, string? Reason = null);
