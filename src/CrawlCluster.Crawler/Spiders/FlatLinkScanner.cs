using System.Net;

namespace CrawlCluster.Crawler.Spiders;

/// <summary>
/// The fallback for pages nested too deep for a DOM: HTML5 tree building scans the open elements at every new element,
/// so a hostile page of 100,000 unclosed elements costs minutes. <see cref="TooDeep"/> measures the nesting in one
/// linear pass; <see cref="Scan"/> then finds the <c>a</c>/<c>area</c> hrefs and the first <c>base href</c> in one
/// linear pass too, skipping comments and the raw text of script, style, textarea, title and the like. A link's text is
/// the text up to the next link or its end tag, tags removed and entities decoded.
/// </summary>
internal static class FlatLinkScanner
{
    // Elements without content, and elements whose start tag closes the previous one of their kind (p, li, ...):
    // neither makes the tree deeper.
    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rb", "rt", "rtc", "rp", "thead", "tbody", "tfoot",
    };

    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext",
    };

    // Looked up by span: the pre-scan of every page allocates nothing per tag.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotNestingSpan = NotNesting.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> RawTextSpan = RawText.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether the elements of <paramref name="html"/> nest deeper than <paramref name="limit"/> (an upper bound, in one pass).</summary>
    public static bool TooDeep(string html, int limit)
    {
        var depth = 0;
        foreach (var (nameAt, nameEnd, closing, selfClosing, _) in Tags(html))
        {
            if (closing)
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (!selfClosing && !NotNestingSpan.Contains(html.AsSpan(nameAt, nameEnd - nameAt)) && ++depth > limit)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first <c>base href</c>, and each <c>a</c>/<c>area</c> href with its text, in document order.</summary>
    public static (string? BaseHref, List<(string Href, string Text)> Links) Scan(string html)
    {
        string? baseHref = null;
        var links = new List<(string Href, string Text)>();
        foreach (var (nameAt, attributesAt, closing, _, end) in Tags(html))
        {
            var name = html.AsSpan(nameAt, attributesAt - nameAt);
            if (closing || !(name.Equals("a", StringComparison.OrdinalIgnoreCase) || name.Equals("area", StringComparison.OrdinalIgnoreCase)
                || name.Equals("base", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (Href(html.AsSpan(attributesAt, end - attributesAt)) is not { } href)
            {
                continue;
            }

            if (name.Equals("base", StringComparison.OrdinalIgnoreCase))
            {
                baseHref ??= href;
            }
            else
            {
                links.Add((href, name.Equals("a", StringComparison.OrdinalIgnoreCase) ? TextAfter(html, end) : ""));
            }
        }

        return (baseHref, links);
    }

    /// <summary>The tags of <paramref name="html"/>: where the name starts and ends (the attributes follow), end tag or not, self-closing or not, where the tag ends.</summary>
    private static IEnumerable<(int NameAt, int NameEnd, bool Closing, bool SelfClosing, int End)> Tags(string html)
    {
        var at = 0;
        while ((at = html.IndexOf('<', at)) >= 0 && at + 1 < html.Length)
        {
            if (html.AsSpan(at).StartsWith("<!--", StringComparison.Ordinal))
            {
                var close = html.IndexOf("-->", at + 4, StringComparison.Ordinal);
                at = close < 0 ? html.Length : close + 3;
                continue;
            }

            var closing = html[at + 1] == '/';
            var nameAt = at + (closing ? 2 : 1);
            var nameEnd = nameAt;
            while (nameEnd < html.Length && char.IsAsciiLetterOrDigit(html[nameEnd]))
            {
                nameEnd++;
            }

            if (nameEnd == nameAt || !char.IsAsciiLetter(html[nameAt]))
            {
                at++;
                continue;
            }

            var end = html.IndexOf('>', nameEnd);
            if (end < 0)
            {
                yield break;
            }

            yield return (nameAt, nameEnd, closing, html[end - 1] == '/', end);
            at = end + 1;
            if (!closing && RawTextSpan.Contains(html.AsSpan(nameAt, nameEnd - nameAt)))
            {
                // Raw text runs to its end tag: nothing in it is markup.
                var close = html.IndexOf(string.Concat("</", html.AsSpan(nameAt, nameEnd - nameAt)), at, StringComparison.OrdinalIgnoreCase);
                at = close < 0 ? html.Length : close;
            }
        }
    }

    private static string? Href(ReadOnlySpan<char> attributes)
    {
        var at = 0;
        while (at < attributes.Length)
        {
            var found = attributes[at..].IndexOf("href", StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return null;
            }

            var start = at + found;
            var after = start + 4;
            at = after;
            if (start > 0 && !char.IsWhiteSpace(attributes[start - 1]) && attributes[start - 1] != '/')
            {
                continue;
            }

            while (after < attributes.Length && char.IsWhiteSpace(attributes[after]))
            {
                after++;
            }

            if (after >= attributes.Length || attributes[after] != '=')
            {
                continue;
            }

            after++;
            while (after < attributes.Length && char.IsWhiteSpace(attributes[after]))
            {
                after++;
            }

            if (after >= attributes.Length)
            {
                return "";
            }

            var quote = attributes[after];
            var value = quote is '"' or '\''
                ? attributes[(after + 1)..] is var rest && rest.IndexOf(quote) is var q and >= 0 ? rest[..q] : rest
                : attributes[after..] is var bare && bare.IndexOfAny(' ', '\t', '\n') is var w and >= 0 ? bare[..w] : attributes[after..];
            return WebUtility.HtmlDecode(value.ToString());
        }

        return null;
    }

    /// <summary>The text after a link's start tag, up to its end tag or the next link, tags removed.</summary>
    private static string TextAfter(string html, int tagEnd)
    {
        var stop = html.IndexOf("</a", tagEnd, StringComparison.OrdinalIgnoreCase);
        var next = html.IndexOf("<a", tagEnd + 1, StringComparison.OrdinalIgnoreCase);
        var end = stop < 0 ? (next < 0 ? html.Length : next) : (next < 0 ? stop : Math.Min(stop, next));
        end = Math.Min(end, tagEnd + 1 + 10_000);
        var text = new System.Text.StringBuilder();
        var inTag = false;
        for (var i = tagEnd + 1; i < end && i < html.Length; i++)
        {
            var c = html[i];
            if (c == '<')
            {
                inTag = true;
            }
            else if (c == '>')
            {
                inTag = false;
            }
            else if (!inTag)
            {
                text.Append(c);
            }
        }

        return WebUtility.HtmlDecode(text.ToString());
    }
}
