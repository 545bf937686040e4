using CrawlCluster.Core.Bus;

namespace CrawlCluster.Messaging.Codecs;

/// <summary>Finds a codec by its <c>MESSAGE_BUS_CODEC</c> name.</summary>
internal static class MessageCodecs
{
    /// <summary>The codec named <paramref name="name"/>: <c>json</c> or <c>msgpack</c>.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static IMessageCodec ByName(string name) => name.ToLowerInvariant() switch
    {
        "json" => JsonCodec.Instance,
        "msgpack" => MessagePackCodec.Instance,
        _ => throw new ArgumentException($"unknown codec '{name}' (use json or msgpack)", nameof(name)),
    };
}
