namespace CrawlCluster.Core.Throttling;

/// <summary>
/// One throttled queue's politeness rule (CONTRACT.md Part B §3): at most <see cref="Limit"/> pops per
/// <see cref="Window"/>; moderated, pops are spaced <c>window / limit</c> apart until the process has made
/// <see cref="Limit"/> pops, after which (elastic) they may go faster while the window has room beyond
/// <see cref="ElasticBuffer"/>.
/// </summary>
/// <param name="Window">The rolling window.</param>
/// <param name="Limit">Pops allowed per window (hits × scale, at least 1).</param>
/// <param name="Moderated">Space pops evenly (QUEUE_MODERATED); has no effect when <see cref="Limit"/> is 1.</param>
/// <param name="Elastic">Allow catching up once warm (the crawler always sets it).</param>
/// <param name="ElasticBuffer">Window slots kept free when breaking moderation.</param>
public sealed record ThrottlePolicy(TimeSpan Window, int Limit, bool Moderated = true, bool Elastic = true, int ElasticBuffer = 0)
{
    /// <summary>The spacing of moderated pops.</summary>
    public TimeSpan ModerationInterval => Window / Limit;

    /// <summary>
    /// The policy for a domain's configured hits, window and scale: <c>limit = int(hits × clamp(scale, 0, 1))</c>, at
    /// least 1 (the original divided by zero when the product truncated to 0: Part B §8.1 #21).
    /// </summary>
    public static ThrottlePolicy FromConfig(int hits, int windowSeconds, double? scale, bool moderated)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSeconds, 1);
        var limit = scale is { } s ? (int)(hits * Math.Clamp(s, 0.0, 1.0)) : hits;
        return new ThrottlePolicy(TimeSpan.FromSeconds(windowSeconds), Math.Max(1, limit), moderated);
    }

    /// <summary>
    /// This policy, slowed down so pops are at least <paramref name="delay"/> apart (a robots.txt Crawl-delay):
    /// moderated, with at most window ÷ delay pops per window. Unchanged when it is already that slow.
    /// </summary>
    public ThrottlePolicy AtLeastApart(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero || (Moderated && ModerationInterval >= delay))
        {
            return this;
        }

        return this with { Limit = Math.Max(1, Math.Min(Limit, (int)(Window / delay))), Moderated = true };
    }
}
