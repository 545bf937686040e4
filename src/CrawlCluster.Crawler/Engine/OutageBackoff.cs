namespace CrawlCluster.Crawler.Engine;

/// <summary>
/// How the workers of a crawler process wait out a store or bus outage: one shared, growing, jittered delay (100 ms
/// doubling to 10 s), cancellable, and one log line per 10 s for the whole process instead of one per worker per try.
/// </summary>
internal sealed class OutageBackoff(TimeProvider time, Microsoft.Extensions.Logging.ILogger logger)
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);
    private readonly Lock _lock = new();
    private long _failures;
    private DateTimeOffset _lastLogged = DateTimeOffset.MinValue;

    /// <summary>Failed attempts since the last success.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Records a failure and waits before the next attempt.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public Task WaitAsync(Exception failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var failures = Interlocked.Increment(ref _failures);
        var grown = First * Math.Pow(2, Math.Min(failures - 1, 16));
        var delay = (grown < Longest ? grown : Longest) * (0.5 + (Random.Shared.NextDouble() / 2));
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (now - _lastLogged >= LogEvery)
            {
                _lastLogged = now;
                Log.Outage(logger, failure.Message, (long)delay.TotalMilliseconds);
            }
        }

        return Task.Delay(delay, time, cancellationToken);
    }

    /// <summary>Records a success: the next failure starts from the shortest delay again.</summary>
    public void Succeeded()
    {
        if (Interlocked.Read(ref _failures) == 0)
        {
            return;
        }

        var failures = Interlocked.Exchange(ref _failures, 0);
        if (failures > 0)
        {
            lock (_lock)
            {
                _lastLogged = DateTimeOffset.MinValue;
            }

            Log.OutageOver(logger, failures);
        }
    }
}
