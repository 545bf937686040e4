namespace CrawlCluster.Sink.Writing;

/// <summary>
/// Capped exponential back-off with jitter for a database that is down: 0.2 s, 0.4 s, 0.8 s … up to the cap, each
/// between half and all of that, so several sinks do not knock on a restarting database in step.
/// </summary>
internal static class RetryDelay
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(200);

    /// <summary>The wait before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
    public static TimeSpan For(int attempt, TimeSpan cap, Random random)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var ceiling = Math.Min(First.TotalMilliseconds * Math.Pow(2, exponent), cap.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + random.NextDouble() / 2));
    }
}
