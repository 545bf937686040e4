namespace CrawlCluster.Core.Bus;

/// <summary>A message to publish: an optional partitioning key and the value as UTF-8 JSON text.</summary>
/// <param name="Value">The payload as UTF-8 JSON; the bus codec turns it into wire bytes.</param>
/// <param name="Key">Messages with one key keep their order; null lets the platform spread messages.</param>
/// <param name="Headers">Optional string headers carried beside the payload.</param>
public sealed record BusMessage(ReadOnlyMemory<byte> Value, string? Key = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>A message from JSON text.</summary>
    public static BusMessage FromJson(string json, string? key = null) => new(System.Text.Encoding.UTF8.GetBytes(json), key);
}
