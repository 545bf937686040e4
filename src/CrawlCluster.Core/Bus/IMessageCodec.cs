namespace CrawlCluster.Core.Bus;

/// <summary>Turns UTF-8 JSON into wire bytes and back (MESSAGE_BUS_CODEC).</summary>
public interface IMessageCodec
{
    /// <summary>The codec's name: <c>json</c> or <c>msgpack</c>.</summary>
    string Name { get; }

    /// <summary>Wire bytes for a UTF-8 JSON payload.</summary>
    /// <exception cref="BusException">The payload is not JSON the codec can carry.</exception>
    byte[] Encode(ReadOnlyMemory<byte> json);

    /// <summary>UTF-8 JSON for wire bytes; false with a reason when they cannot be decoded. Never throws.</summary>
    bool TryDecode(ReadOnlyMemory<byte> wire, out ReadOnlyMemory<byte> json, out string? error);
}
