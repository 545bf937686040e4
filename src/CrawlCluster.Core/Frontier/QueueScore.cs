namespace CrawlCluster.Core.Frontier;

/// <summary>
/// The score of a request in its domain queue: −priority, as the original writes it, plus a fraction below one half
/// that grows with the time the request was queued. A lower score pops first, so priorities keep the original's order
/// — an original Python crawler popping <c>ZRANGE 0 0</c> sees the same priority order — and equal priorities pop
/// first in, first out instead of in the byte order of their members (the original's #138).
/// </summary>
/// <remarks>
/// The fraction is milliseconds since 2025-01-01 over 2^44, below one half until the 23rd century. A double keeps
/// millisecond steps apart for priorities within ±255; beyond that, requests queued in the same few milliseconds may
/// fall back to byte order, and the priority order still holds.
/// </remarks>
internal static class QueueScore
{
    private static readonly DateTimeOffset Origin = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const double Scale = 17_592_186_044_416d; // 2^44

    /// <summary>The score of a request of <paramref name="priority"/> queued at <paramref name="queuedAt"/>.</summary>
    public static double For(int priority, DateTimeOffset queuedAt)
    {
        // Never a whole number, even on a clock set before 2025: a whole score marks a request nobody counted yet.
        var ms = Math.Max(1, (queuedAt - Origin).Ticks / TimeSpan.TicksPerMillisecond);
        return -priority + Math.Min(ms / Scale, 0.49);
    }

    /// <summary>
    /// Whether another program queued the request and nothing counted it yet: the original writes −priority, a whole
    /// number, where <see cref="For"/> always adds a fraction, which the adoption scan gives a request when it counts it.
    /// </summary>
    public static bool IsUncounted(double score) => score == Math.Floor(score);

    /// <summary>The score <paramref name="score"/> takes once counted: ours, at the same priority, queued now.</summary>
    public static double Counted(double score, DateTimeOffset now) => IsUncounted(score) ? For(PriorityOf(score), now) : score;

    /// <summary>The priority of a score written by <see cref="For"/> or by the original (−priority).</summary>
    public static int PriorityOf(double score) => (int)Math.Floor(-score + 0.5);
}
