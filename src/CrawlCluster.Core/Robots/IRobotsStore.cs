namespace CrawlCluster.Core.Robots;

/// <summary>What the cluster learned of each site's robots.txt, shared so that a site's file is fetched once for everyone.</summary>
public interface IRobotsStore
{
    /// <summary>The stored verdict for <paramref name="origin"/> (<c>scheme://host:port</c>), or null.</summary>
    Task<string?> GetAsync(string origin, CancellationToken cancellationToken);

    /// <summary>Stores a verdict for <paramref name="origin"/> for <paramref name="lifetime"/>.</summary>
    Task SetAsync(string origin, string verdict, TimeSpan lifetime, CancellationToken cancellationToken);
}
