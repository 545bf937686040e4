namespace CrawlCluster.Core.Sink;

/// <summary>
/// One message the sink writes: where it sat on the bus (the row's identity, unique in every table, so a redelivered
/// message never makes a second row) and what it holds — a crawled page or any other JSON value (an event).
/// </summary>
internal sealed record SinkRecord
{
    /// <summary>The topic read.</summary>
    public required string Topic { get; init; }

    /// <summary>The partition (0 for platforms without partitions).</summary>
    public int Partition { get; init; }

    /// <summary>The platform's position: a Kafka offset, a stream entry id or a memory index, as text.</summary>
    public required string Position { get; init; }

    /// <summary>The message's key, if any.</summary>
    public string? Key { get; init; }

    /// <summary>When the sink read the message.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The page's columns when the topic carries crawled pages; null for an event.</summary>
    public PageColumns? Page { get; init; }

    /// <summary>The message's UTF-8 JSON as read.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The message as JSON text (an event's <c>data</c>); made on first use, since a page's row does not need it.</summary>
    public string Json => _json ??= System.Text.Encoding.UTF8.GetString(Payload.Span);

    private string? _json;
}
