using System.Globalization;
using System.Text.Json.Nodes;

namespace CrawlCluster.Core.Contract;

/// <summary>
/// The messages of a JSON value put on a topic by hand (the gateway's topics endpoint, <c>feed --topic</c>): each
/// element of an array, or the one value; objects get a <c>received</c> time (naive UTC, the wire's timestamp form)
/// unless they carry one.
/// </summary>
internal static class ReceivedStamp
{
    /// <summary>The messages, and the time stamped on them.</summary>
    public static (List<JsonNode?> Messages, string Received) Apply(JsonNode? value, DateTimeOffset now)
    {
        var received = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        var messages = value is JsonArray array ? array.Select(item => item?.DeepClone()).ToList() : [value];
        foreach (var message in messages.OfType<JsonObject>().Where(o => !o.ContainsKey("received")))
        {
            message["received"] = received;
        }

        return (messages, received);
    }
}
