using CrawlCluster.Core.Bus;

namespace CrawlCluster.Messaging.Codecs;

/// <summary>Builds a <see cref="ConsumedMessage"/> from wire bytes, decoding them with the bus codec (never throws).</summary>
internal static class WireMessage
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    public static ConsumedMessage Decode(IMessageCodec codec, string topic, int partition, string position, string? key,
        ReadOnlyMemory<byte> wire, IReadOnlyDictionary<string, string>? headers, object? commitToken)
    {
        codec.TryDecode(wire, out var json, out var error);
        return new ConsumedMessage
        {
            Topic = topic,
            Partition = partition,
            Position = position,
            Key = key,
            Value = json,
            Headers = headers ?? NoHeaders,
            DecodeError = error,
            CommitToken = commitToken,
        };
    }
}
