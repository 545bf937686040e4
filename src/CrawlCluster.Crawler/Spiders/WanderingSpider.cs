using System.Text.Json.Nodes;

namespace CrawlCluster.Crawler.Spiders;

/// <summary>
/// The original's wandering spider (CONTRACT.md Part B §2.7): follows one link of each page, chosen at random among
/// those the crawl's filters allow, whatever the depth, counting its steps in <c>attrs.step</c>; it records no links.
/// </summary>
internal sealed class WanderingSpider : ISpider
{
    /// <inheritdoc/>
    public string Name => "wandering";

    /// <inheritdoc/>
    public SpiderOutput Parse(SpiderResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var request = response.Request;
        var step = request.Meta["step"] is JsonValue value && value.TryGetValue<int>(out var s) ? s : 0;
        var attrs = request.Meta["attrs"] is JsonObject given ? (JsonObject)given.DeepClone() : [];
        attrs["step"] = step;
        var (filter, error) = LinkFilters.For(request.List("allowed_domains"), request.List("allow_regex"), request.List("deny_regex"), request.List("deny_extensions"));
        if (filter is null)
        {
            return new SpiderOutput([], [], error, attrs);
        }

        var links = LinkExtractor.Extract(response.Text, response.Download.ResponseUrl, filter);
        if (links.Count == 0)
        {
            return new SpiderOutput([], [], Attrs: attrs);
        }

        var next = links[Random.Shared.Next(links.Count)];
        return new SpiderOutput([], [request.Next(next.Url, meta => meta["step"] = step + 1)], Attrs: attrs);
    }
}
