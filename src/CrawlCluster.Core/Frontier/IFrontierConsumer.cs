namespace CrawlCluster.Core.Frontier;

/// <summary>
/// The consumer side of the frontier for one spider type (DESIGN.md §6.1–6.3): leases requests of domains whose
/// throttle allows a pop now, and ends each lease — acknowledged, released or left to expire.
/// </summary>
public interface IFrontierConsumer
{
    /// <summary>The spider type it leases for.</summary>
    string SpiderId { get; }

    /// <summary>Leases the best request of a domain whose throttle allows a pop now; null when none may pop now.</summary>
    Task<Lease?> TryLeaseAsync(CancellationToken cancellationToken);

    /// <summary>Ends a lease; false when it had expired and the request already went back to its queue.</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="outcome">How it ended: the result is on the bus, it was given up, or it was queued again.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> AckAsync(Lease lease, LeaseOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Returns a leased request to its queue now (a graceful stop, a domain set aside).</summary>
    Task<bool> ReleaseAsync(Lease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps every crawler of this spider type from popping <paramref name="domain"/> before <paramref name="until"/>
    /// (a server's Retry-After, a blacklisted domain); false when it was ready later already.
    /// </summary>
    Task<bool> DelayDomainAsync(string domain, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until work may be there: a push signal, the earliest ready time, or <paramref name="longest"/>,
    /// whichever comes first.
    /// </summary>
    Task WaitForWorkAsync(TimeSpan longest, CancellationToken cancellationToken);

    /// <summary>The domains waiting on politeness now: queued work their throttle does not release yet.</summary>
    Task<FrontierWaiting> WaitingAsync(CancellationToken cancellationToken);
}
