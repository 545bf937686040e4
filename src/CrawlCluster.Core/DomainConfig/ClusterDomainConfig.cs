namespace CrawlCluster.Core.DomainConfig;

/// <summary>
/// The cluster's domain configuration, the document the original kept in ZooKeeper: per-domain throttles and the
/// domain blacklist. Immutable; the <c>With…</c> methods are the four "zookeeper" API actions.
/// </summary>
/// <param name="Blacklist">Domains never popped (and, with SCHEDULER_BACKLOG_BLACKLIST off, never queued).</param>
/// <param name="Domains">Per-domain throttles, by domain.</param>
public sealed record ClusterDomainConfig(IReadOnlyList<string> Blacklist, IReadOnlyDictionary<string, DomainThrottle> Domains)
{
    /// <summary>No blacklist and no per-domain throttle.</summary>
    public static ClusterDomainConfig Empty { get; } = new([], new Dictionary<string, DomainThrottle>(StringComparer.Ordinal));

    /// <summary><c>domain-update</c>: sets a domain's throttle.</summary>
    public ClusterDomainConfig WithDomain(string domain, DomainThrottle throttle) =>
        this with { Domains = new Dictionary<string, DomainThrottle>(Domains, StringComparer.Ordinal) { [domain] = throttle } };

    /// <summary><c>domain-remove</c>: drops a domain's throttle if present.</summary>
    public ClusterDomainConfig WithoutDomain(string domain)
    {
        var domains = new Dictionary<string, DomainThrottle>(Domains, StringComparer.Ordinal);
        domains.Remove(domain);
        return this with { Domains = domains };
    }

    /// <summary><c>blacklist-update</c>: adds a domain to the blacklist once (order of first addition is kept).</summary>
    public ClusterDomainConfig WithBlacklisted(string domain) =>
        Blacklist.Contains(domain, StringComparer.Ordinal) ? this : this with { Blacklist = [.. Blacklist, domain] };

    /// <summary><c>blacklist-remove</c>: removes a domain from the blacklist if present.</summary>
    public ClusterDomainConfig WithoutBlacklisted(string domain) =>
        this with { Blacklist = [.. Blacklist.Where(d => !string.Equals(d, domain, StringComparison.Ordinal))] };

    /// <summary>Structural equality: same blacklist (in order) and same throttles.</summary>
    public bool SameAs(ClusterDomainConfig other) =>
        other is not null
        && Blacklist.SequenceEqual(other.Blacklist, StringComparer.Ordinal)
        && Domains.Count == other.Domains.Count
        && Domains.All(pair => other.Domains.TryGetValue(pair.Key, out var throttle) && throttle == pair.Value);
}
