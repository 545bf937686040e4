using System.Text.Json.Nodes;
using CrawlCluster.Core.Contract;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Requests;

namespace CrawlCluster.Crawler.Pipelines;

/// <summary>A crawled page on its way through the item pipelines to the bus.</summary>
/// <param name="Request">The request, with its meta.</param>
/// <param name="Response">The response.</param>
/// <param name="Encoding">The body's encoding.</param>
/// <param name="Links">The links the spider recorded.</param>
/// <param name="Attrs">The message's <c>attrs</c>: the spider's, else the request's.</param>
public sealed record CrawledItem(CrawlTask Request, DownloadResult Response, string Encoding, IReadOnlyList<CrawledLink> Links, JsonObject? Attrs)
{
    /// <summary>Fields a stage adds to the crawled-page message (a name the message already has is not overwritten).</summary>
    public JsonObject Fields { get; init; } = [];
}
