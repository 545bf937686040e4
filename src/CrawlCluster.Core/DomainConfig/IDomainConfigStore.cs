namespace CrawlCluster.Core.DomainConfig;

/// <summary>
/// The cluster's domain configuration (per-domain throttles, blacklist) in the store, replacing the original's
/// ZooKeeper node: versioned, changed only by compare-and-set, never rewritten after a failed read, and announced to
/// every watcher when it changes.
/// </summary>
public interface IDomainConfigStore
{
    /// <summary>The configuration and its version (0 when never written).</summary>
    /// <exception cref="FormatException">The stored document is not a valid configuration.</exception>
    Task<(ClusterDomainConfig Config, long Version)> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the current configuration, retrying when another writer got there first.</summary>
    /// <returns>The configuration as written.</returns>
    Task<ClusterDomainConfig> UpdateAsync(Func<ClusterDomainConfig, ClusterDomainConfig> change, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="onChange"/> with the new configuration after every update, until the returned handle is
    /// disposed.
    /// </summary>
    Task<IAsyncDisposable> WatchAsync(Func<ClusterDomainConfig, Task> onChange, CancellationToken cancellationToken);
}
