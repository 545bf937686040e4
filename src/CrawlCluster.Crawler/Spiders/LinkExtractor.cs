using AngleSharp.Html.Parser;
using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Dedup;

namespace CrawlCluster.Crawler.Spiders;

/// <summary>
/// The original's link extractor (CONTRACT.md Part B §2.7): the <c>href</c> of every <c>a</c> and <c>area</c>,
/// whitespace-trimmed and joined to the <c>&lt;base href&gt;</c> (else the page's URL), filtered by a
/// <see cref="LinkFilter"/>, canonicalized (w3lib, fragment dropped) and de-duplicated in document order, each with its
/// element's text. Most pages are read by <see cref="FastLinkScanner"/>, which follows the HTML5 tokenizer and tree
/// builder as far as links need and declines any page where it would need more; those are parsed by AngleSharp's HTML5
/// parser, which accepts any input: broken markup yields the links a browser would see. A page nested deeper than a
/// browser nests (512 levels) is scanned flat instead (<see cref="FlatLinkScanner"/>): same links, found in linear
/// time, where building its DOM would take minutes.
/// </summary>
internal static class LinkExtractor
{
    // Chrome's parser nests at most 512 levels; a page deeper than that is scanned flat (FlatLinkScanner), in linear
    // time, since building its DOM costs time quadratic in the depth.
    private const int DeepestDom = 512;

    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    /// <summary>The links of <paramref name="html"/>, found on <paramref name="pageUrl"/>, that <paramref name="filter"/> allows.</summary>
    public static IReadOnlyList<CrawledLink> Extract(string html, Uri pageUrl, LinkFilter filter)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        ArgumentNullException.ThrowIfNull(filter);
        html ??= "";
        if (FastLinkScanner.Scan(html) is { } scanned)
        {
            return Collect(scanned.Links, scanned.BaseHref, pageUrl, filter);
        }

        return ExtractByDom(html, pageUrl, filter);
    }

    /// <summary>The links as the DOM gives them (or the flat scan, for a page too deep for a DOM): the reference the fast scan is held to.</summary>
    internal static IReadOnlyList<CrawledLink> ExtractByDom(string html, Uri pageUrl, LinkFilter filter)
    {
        if (ScansFlat(html))
        {
            var (flatBase, flatLinks) = FlatLinkScanner.Scan(html);
            return Collect(flatLinks, flatBase, pageUrl, filter);
        }

        using var document = Parser.ParseDocument(html);
        var baseHref = document.QuerySelector("base[href]")?.GetAttribute("href");
        return Collect(document.QuerySelectorAll("a[href], area[href]").Select(e => (e.GetAttribute("href")!, e.TextContent)), baseHref, pageUrl, filter);
    }

    /// <summary>Whether <paramref name="html"/> nests deeper than a browser does and is scanned flat instead of parsed.</summary>
    internal static bool ScansFlat(string html) => FlatLinkScanner.TooDeep(html, DeepestDom);

    /// <summary>Resolves, filters, canonicalizes and de-duplicates links in document order.</summary>
    private static List<CrawledLink> Collect(IEnumerable<(string Href, string Text)> found, string? baseHref, Uri pageUrl, LinkFilter filter)
    {
        var baseUrl = baseHref is not null && Uri.TryCreate(pageUrl, baseHref.Trim(), out var declared) ? declared : pageUrl;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var links = new List<CrawledLink>();
        foreach (var (rawHref, text) in found)
        {
            var href = rawHref.Trim();
            if (!Uri.TryCreate(baseUrl, href, out var url) || !filter.Allows(url))
            {
                continue;
            }

            var canonical = UrlCanonicalizer.Canonicalize(url.AbsoluteUri).Replace("\n", "", StringComparison.Ordinal);
            if (seen.Add(canonical))
            {
                links.Add(new CrawledLink(canonical, text));
            }
        }

        return links;
    }
}
