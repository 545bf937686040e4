namespace CrawlCluster.Core.Sink;

/// <summary>A message the sink could not store as a row (unreadable, or refused by the database), with the reason.</summary>
internal sealed record DeadLetter
{
    public required string Topic { get; init; }

    public int Partition { get; init; }

    public required string Position { get; init; }

    public string? Key { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Why it was not stored, in one line.</summary>
    public required string Error { get; init; }

    /// <summary>The message's bytes as read.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }
}
