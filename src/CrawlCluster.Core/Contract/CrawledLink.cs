using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>One link found on a crawled page (CONTRACT.md Part B §2.7).</summary>
/// <param name="Url">The canonicalized absolute URL.</param>
/// <param name="Text">The link's text content.</param>
public sealed record CrawledLink(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("text")] string Text);
