namespace CrawlCluster.Core.Throttling;

/// <summary>What a throttled pop concluded: an item, or why not (expected outcomes are values, not exceptions).</summary>
internal abstract record PopOutcome
{
    private PopOutcome()
    {
    }

    /// <summary>The throttle allowed it and the queue had an item.</summary>
    /// <param name="Member">The queued member, as stored.</param>
    public sealed record Popped(string Member) : PopOutcome;

    /// <summary>The window already holds <see cref="ThrottlePolicy.Limit"/> pops.</summary>
    public sealed record LimitReached : PopOutcome;

    /// <summary>Too soon after the last pop for a moderated queue.</summary>
    public sealed record Moderated : PopOutcome;

    /// <summary>The queue is empty; no budget was used.</summary>
    public sealed record Empty : PopOutcome;
}
