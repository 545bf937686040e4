using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Throttling;

namespace CrawlCluster.Crawler.Scheduling;

/// <summary>
/// The cluster's domain configuration as a crawler sees it (CONTRACT.md Part B §2.5): per-domain hits, window and
/// scale for the throttle, and the blacklist, read at start and replaced whenever <c>config push</c> or a
/// domain-update request changes it — without restarting crawlers. A configuration that cannot be read leaves the
/// last good one in force.
/// </summary>
internal sealed class DomainConfigWatcher : IAsyncDisposable
{
    private readonly ThrottleOptions _defaults;
    private volatile ClusterDomainConfig _config = ClusterDomainConfig.Empty;
    private IAsyncDisposable? _watch;

    public DomainConfigWatcher(ThrottleOptions defaults) => _defaults = defaults;

    /// <summary>The configuration in force.</summary>
    public ClusterDomainConfig Current => _config;

    /// <summary>Reads the configuration and starts watching it.</summary>
    public async Task StartAsync(IDomainConfigStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var watcher = this;
        watcher._watch = await store.WatchAsync(config =>
        {
            watcher._config = config;
            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            watcher._config = (await store.ReadAsync(cancellationToken).ConfigureAwait(false)).Config;
        }
        catch (FormatException)
        {
            // An unreadable document: the defaults stay in force until a good one is pushed.
        }
    }

    /// <summary>The throttle of <paramref name="domain"/>: its configured hits, window and scale, else QUEUE_HITS and QUEUE_WINDOW.</summary>
    public ThrottlePolicy PolicyFor(string domain) =>
        _config.Domains.TryGetValue(domain, out var throttle) || _config.Domains.TryGetValue(domain.TrimEnd('.'), out throttle)
            ? ThrottlePolicy.FromConfig(throttle.Hits, throttle.Window, throttle.Scale, _defaults.Moderated)
            : ThrottlePolicy.FromConfig(_defaults.Hits, _defaults.WindowSeconds, null, _defaults.Moderated);

    /// <summary>
    /// Whether <paramref name="domain"/> is on the cluster's blacklist (a domain key of an IP or a suffix-less host ends
    /// in a dot, <c>1.2.3.4.</c>; the list may name it with or without).
    /// </summary>
    public bool IsBlacklisted(string domain) =>
        _config.Blacklist.Any(b => b.Equals(domain, StringComparison.OrdinalIgnoreCase) || b.Equals(domain.TrimEnd('.'), StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_watch is not null)
        {
            await _watch.DisposeAsync().ConfigureAwait(false);
        }
    }
}
