using AngleSharp.Html.Parser;
using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Dedup;

namespace CrawlCluster.Crawler.Spiders;

/// <summary>
/// The original's link extractor (CONTRACT.md Part B §2.7): the <c>href</c> of every <c>a</c> and <c>area</c>,
/// whitespace-trimmed and joined to the <c>&lt;base href&gt;</c> (else the page's URL), filtered by a
/// <see cref="LinkFilter"/>, canonicalized (w3lib, fragment dropped) and de-duplicated in document order, each with its
/// element's text. HTML is parsed by AngleSharp's HTML5 parser, which accepts any input: broken markup yields the links
/// a browser would see.
/// </summary>
internal static class LinkExtractor
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    /// <summary>The links of <paramref name="html"/>, found on <paramref name="pageUrl"/>, that <paramref name="filter"/> allows.</summary>
    public static IReadOnlyList<CrawledLink> Extract(string html, Uri pageUrl, LinkFilter filter)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        ArgumentNullException.ThrowIfNull(filter);
        using var document = Parser.ParseDocument(html ?? "");
        var baseUrl = pageUrl;
        if (document.QuerySelector("base[href]")?.GetAttribute("href") is { } baseHref && Uri.TryCreate(pageUrl, baseHref.Trim(), out var declared))
        {
            baseUrl = declared;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var links = new List<CrawledLink>();
        foreach (var element in document.QuerySelectorAll("a[href], area[href]"))
        {
            var href = element.GetAttribute("href")!.Trim();
            if (!Uri.TryCreate(baseUrl, href, out var url) || !filter.Allows(url))
            {
                continue;
            }

            var canonical = UrlCanonicalizer.Canonicalize(url.AbsoluteUri).Replace("\n", "", StringComparison.Ordinal);
            if (seen.Add(canonical))
            {
                links.Add(new CrawledLink(canonical, element.TextContent));
            }
        }

        return links;
    }
}
