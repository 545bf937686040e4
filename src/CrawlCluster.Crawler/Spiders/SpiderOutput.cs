using System.Text.Json.Nodes;
using CrawlCluster.Core.Contract;
using CrawlCluster.Crawler.Requests;

namespace CrawlCluster.Crawler.Spiders;

/// <summary>What a spider made of a page.</summary>
/// <param name="Links">The links recorded in the crawled-page message.</param>
/// <param name="Requests">Requests to offer to the queues.</param>
/// <param name="Problem">Why the spider could not follow links (e.g. an unusable regex), or null.</param>
/// <param name="Attrs">The page message's <c>attrs</c> when the spider sets them; null keeps the request's.</param>
public sealed record SpiderOutput(IReadOnlyList<CrawledLink> Links, IReadOnlyList<CrawlTask> Requests, string? Problem = null, JsonObject? Attrs = null);
