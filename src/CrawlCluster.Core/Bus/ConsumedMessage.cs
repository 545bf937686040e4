using System.Text;

namespace CrawlCluster.Core.Bus;

/// <summary>
/// One message read from a topic. When the bytes could not be decoded, <see cref="DecodeError"/> says why and
/// <see cref="Value"/> holds the raw bytes: a consumer counts it, commits it and moves on (DESIGN.md §5).
/// </summary>
public sealed record ConsumedMessage
{
    /// <summary>The topic read.</summary>
    public required string Topic { get; init; }

    /// <summary>The partition (0 for platforms without partitions).</summary>
    public int Partition { get; init; }

    /// <summary>The platform's position of the message, as text (Kafka offset, stream entry id, memory index).</summary>
    public required string Position { get; init; }

    /// <summary>The partitioning key, if any.</summary>
    public string? Key { get; init; }

    /// <summary>The payload as UTF-8 JSON, or the raw bytes when <see cref="DecodeError"/> is set.</summary>
    public required ReadOnlyMemory<byte> Value { get; init; }

    /// <summary>Headers sent with the message.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Why the bytes could not be decoded; null when they were.</summary>
    public string? DecodeError { get; init; }

    /// <summary>The platform's handle used to commit this message.</summary>
    public object? CommitToken { get; init; }

    /// <summary>The payload as text (lossy for undecodable bytes).</summary>
    public string Text => Encoding.UTF8.GetString(Value.Span);
}
