namespace CrawlCluster.Core.Jobs;

/// <summary>
/// Locks on job keys with an expiry, so that several monitors never work on one job at once and a dead monitor's lock
/// runs out.
/// </summary>
public interface IJobLocks
{
    /// <summary>Takes the lock on <paramref name="jobKey"/> without waiting; null when another holder has it, else the holder's token.</summary>
    Task<string?> TryAcquireAsync(string jobKey, TimeSpan expiry, CancellationToken cancellationToken);

    /// <summary>Extends the lock; false when it was lost.</summary>
    Task<bool> RenewAsync(string jobKey, string token, TimeSpan expiry, CancellationToken cancellationToken);

    /// <summary>Releases the lock if still held; false when it had been lost.</summary>
    Task<bool> ReleaseAsync(string jobKey, string token, CancellationToken cancellationToken);
}
