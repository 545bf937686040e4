namespace CrawlCluster.Core.Bus;

/// <summary>What to consume and how.</summary>
/// <param name="Topics">The topics read together.</param>
/// <param name="Group">
/// The consumer group: members share the messages and commits are kept per group. Null reads without a group and
/// never commits (the original's kafkadump).
/// </param>
/// <param name="StartPosition">Where a group without committed positions starts.</param>
public sealed record ConsumerSettings(IReadOnlyList<string> Topics, string? Group, StartPosition StartPosition = StartPosition.Earliest);
