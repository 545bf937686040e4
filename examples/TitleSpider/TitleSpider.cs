using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CrawlCluster.Crawler.Spiders;

namespace CrawlCluster.Examples.TitleSpider;

/// <summary>
/// An example spider: records each page's <c>&lt;title&gt;</c> in <c>attrs.title</c> and follows the crawl's allowed
/// links like the link spider, so <c>--depth</c> and the filters still apply.
/// </summary>
public sealed partial class TitleSpider : ISpider
{
    private readonly LinkSpider _links = new();

    /// <inheritdoc/>
    public string Name => "title";

    /// <inheritdoc/>
    public SpiderOutput Parse(SpiderResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var followed = _links.Parse(response);
        var attrs = response.Request.Meta["attrs"] is JsonObject given ? (JsonObject)given.DeepClone() : [];
        attrs["title"] = Title().Match(response.Text) is { Success: true } match ? match.Groups[1].Value.Trim() : null;

        // The requests keep the seed's spiderid ("title") in their meta, so this spider crawls them too.
        return followed with { Attrs = attrs };
    }

    [GeneratedRegex(@"<title[^>]*>([^<]*)</title>", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Title();
}
