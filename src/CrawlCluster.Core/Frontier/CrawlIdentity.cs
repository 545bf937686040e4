using System.Text.Json;

namespace CrawlCluster.Core.Frontier;

/// <summary>Which crawl a queued request belongs to.</summary>
/// <param name="AppId">The application.</param>
/// <param name="CrawlId">The crawl.</param>
public readonly record struct CrawlIdentity(string AppId, string CrawlId)
{
    /// <summary>
    /// Reads the identity of a queue member: a seed from the Kafka Monitor carries <c>appid</c>/<c>crawlid</c> at the
    /// top, a follow-up request (Scrapy's request dict) inside <c>meta</c> (CONTRACT.md Part B §2.4). Total: a member
    /// that is not such JSON gets an empty identity.
    /// </summary>
    public static CrawlIdentity FromMember(string member)
    {
        try
        {
            using var document = JsonDocument.Parse(member);
            var root = document.RootElement;
            var source = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object
                ? meta
                : root;
            return new CrawlIdentity(Text(source, "appid"), Text(source, "crawlid"));
        }
        catch (JsonException)
        {
            return new CrawlIdentity("", "");
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : "";
}
