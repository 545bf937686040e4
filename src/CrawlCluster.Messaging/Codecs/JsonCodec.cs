using System.Text.Unicode;
using CrawlCluster.Core.Bus;

namespace CrawlCluster.Messaging.Codecs;

/// <summary>
/// The default codec: the payload travels as the UTF-8 JSON text itself, byte-compatible with the original.
/// Decoding only checks the bytes are UTF-8; whether they are JSON is the consumer's business, as in the original.
/// </summary>
internal sealed class JsonCodec : IMessageCodec
{
    /// <summary>The shared instance.</summary>
    public static JsonCodec Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "json";

    /// <inheritdoc/>
    public byte[] Encode(ReadOnlyMemory<byte> json) => json.ToArray();

    /// <inheritdoc/>
    public bool TryDecode(ReadOnlyMemory<byte> wire, out ReadOnlyMemory<byte> json, out string? error)
    {
        json = wire;
        error = Utf8.IsValid(wire.Span) ? null : "the message is not valid UTF-8";
        return error is null;
    }
}
