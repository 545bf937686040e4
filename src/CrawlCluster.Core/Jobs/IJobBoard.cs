namespace CrawlCluster.Core.Jobs;

/// <summary>
/// Where the Kafka Monitor leaves jobs for the Redis Monitor — info, stop, stats and domain-config requests and crawl
/// expiry times, each at its key in the original's layout (<see cref="Keys.RedisKeys"/>) — and where the Redis Monitor
/// finds them: from an index the posts keep, woken by a signal, so finding work costs what is pending, not what is in
/// the store; jobs the original's components wrote straight to their keys are adopted by an occasional scan.
/// </summary>
public interface IJobBoard
{
    /// <summary>Writes the job <paramref name="key"/> = <paramref name="value"/> and tells the monitors a job is waiting.</summary>
    Task PostAsync(string key, string value, CancellationToken cancellationToken);

    /// <summary>The keys of the jobs waiting.</summary>
    Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken);

    /// <summary>Adds to the waiting jobs every key matching one of <paramref name="patterns"/> (globs) that was written without a post; how many were new.</summary>
    Task<int> AdoptAsync(IReadOnlyList<string> patterns, CancellationToken cancellationToken);

    /// <summary>A job's value, or null when it is gone (handled by another monitor, or deleted).</summary>
    Task<string?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes a handled (or given-up) job and its failure count.</summary>
    Task CompleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt at a job (the original's <c>lock:&lt;key&gt;:failures</c>); the count so far.</summary>
    Task<long> CountFailureAsync(string key, CancellationToken cancellationToken);

    /// <summary>Waits until a job is posted, or <paramref name="longest"/> has passed.</summary>
    Task WaitForJobAsync(TimeSpan longest, CancellationToken cancellationToken);
}
