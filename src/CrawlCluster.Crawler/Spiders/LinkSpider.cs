using CrawlCluster.Core.Contract;

namespace CrawlCluster.Crawler.Spiders;

/// <summary>
/// The original's link spider (CONTRACT.md Part B §2.7): below the crawl's <c>maxdepth</c>, every link the crawl's
/// filters allow is recorded and requested one level deeper at priority −10; at <c>maxdepth</c>, none.
/// </summary>
public sealed class LinkSpider : ISpider
{
    /// <inheritdoc/>
    public string Name => "link";

    /// <inheritdoc/>
    public SpiderOutput Parse(SpiderResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var request = response.Request;
        if (request.CurrentDepth >= request.MaxDepth)
        {
            return new SpiderOutput([], []);
        }

        var (filter, error) = LinkFilters.For(request.List("allowed_domains"), request.List("allow_regex"), request.List("deny_regex"), request.List("deny_extensions"));
        if (filter is null)
        {
            return new SpiderOutput([], [], error);
        }

        IReadOnlyList<CrawledLink> links = LinkExtractor.Extract(response.Text, response.Download.ResponseUrl, filter);
        return new SpiderOutput(links, [.. links.Select(l => request.Child(l.Url))]);
    }
}
