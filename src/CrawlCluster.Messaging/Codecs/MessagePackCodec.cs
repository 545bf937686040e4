using System.Text;
using CrawlCluster.Core.Bus;
using MessagePack;

namespace CrawlCluster.Messaging.Codecs;

/// <summary>
/// The compact codec (Frontera's msgpack): JSON payloads travel as MessagePack and come back as equivalent JSON.
/// Every process on a bus must use the same codec.
/// </summary>
internal sealed class MessagePackCodec : IMessageCodec
{
    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>The shared instance.</summary>
    public static MessagePackCodec Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "msgpack";

    /// <inheritdoc/>
    public byte[] Encode(ReadOnlyMemory<byte> json)
    {
        try
        {
            return MessagePackSerializer.ConvertFromJson(Encoding.UTF8.GetString(json.Span), Options);
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or FormatException or InvalidOperationException)
        {
            throw new BusException($"the msgpack codec carries JSON only: {ex.Message}", ex);
        }
    }

    /// <inheritdoc/>
    public bool TryDecode(ReadOnlyMemory<byte> wire, out ReadOnlyMemory<byte> json, out string? error)
    {
        try
        {
            // One whole value and nothing after it: a prefix that happens to parse is not a message.
            var reader = new MessagePackReader(wire);
            reader.Skip();
            if (!reader.End)
            {
                json = wire;
                error = "the message is not MessagePack: bytes follow the first value";
                return false;
            }

            json = Encoding.UTF8.GetBytes(MessagePackSerializer.ConvertToJson(wire, Options));
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or InvalidOperationException or ArgumentException)
        {
            json = wire;
            error = $"the message is not MessagePack: {ex.Message}";
            return false;
        }
    }
}
