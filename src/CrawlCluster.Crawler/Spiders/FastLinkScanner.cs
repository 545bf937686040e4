using System.Text;
using AngleSharp.Html;

namespace CrawlCluster.Crawler.Spiders;

/// <summary>
/// The fast path of link extraction. A crawler spent a quarter of its CPU building a DOM (and AngleSharp's tokenizer
/// alone costs as much) only to find <c>a</c>/<c>area</c> hrefs, their text and the first <c>base href</c>. This scan
/// follows the HTML5 tokenizer's states for what it needs — tags and their attributes, comments, doctypes, raw text
/// and RCDATA elements, character references — jumping over text outside links, and the tree builder's rules for where
/// a link ends. Wherever the outcome would take more of either (misnested links, tables, foreign content, templates,
/// legacy character references without a semicolon, NULs, script escapes, nesting deeper than a browser's), it gives up
/// and returns null, and the page goes to the DOM: the links are always those the DOM gives.
/// </summary>
internal static class FastLinkScanner
{
    /// <summary>How deep the scan follows open elements (a browser's limit).</summary>
    public const int MaxDepth = 512;

    // The longest named character reference (CounterClockwiseContourIntegral), and the longest of those that may go
    // without a semicolon (frac34, middot, ...).
    private const int LongestEntity = 31;
    private const int LongestLegacyEntity = 6;

    // Start tags after which only the tree builder knows the shape (foster parenting, foreign content, template
    // contents, select's own rules, framesets, implied end tags in tables and rubies, formatting-element limits).
    private static readonly HashSet<string> TreeBuilderDecides = new(StringComparer.Ordinal)
    {
        "table", "caption", "colgroup", "col", "tbody", "thead", "tfoot", "tr", "td", "th", "svg", "math", "template", "select",
        "frameset", "frame", "option", "optgroup", "button", "nobr", "ruby", "rb", "rt", "rtc", "rp", "image", "isindex", "marquee",
        "object", "applet", "keygen",
    };

    // Start tags that close an open p ("close a p element").
    private static readonly HashSet<string> ClosesP = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset", "figcaption",
        "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p", "search", "section", "summary", "ul", "h1", "h2",
        "h3", "h4", "h5", "h6", "pre", "listing", "plaintext", "hr", "xmp", "li", "dd", "dt", "form",
    };

    // Elements that carry no content.
    private static readonly HashSet<string> Void = new(StringComparer.Ordinal)
    {
        "area", "base", "br", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "basefont", "bgsound",
    };

    // The tree builder's "special" elements (those the scan can have open): an end tag of any other element does not
    // close past them.
    private static readonly HashSet<string> Special = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "center", "dd", "details", "dir", "div", "dl", "dt", "fieldset", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "iframe", "li", "listing", "main", "menu",
        "nav", "noembed", "noframes", "noscript", "ol", "p", "plaintext", "pre", "script", "search", "section", "style", "summary",
        "textarea", "title", "ul", "xmp",
    };

    // Formatting elements: one closed by another element's end tag is reopened by the tree builder later, one whose end
    // tag meets a special element inside it is restructured (the adoption agency) — the DOM's to follow.
    private static readonly HashSet<string> Formatting = new(StringComparer.Ordinal)
    {
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
    };

    /// <summary>The first <c>base href</c>, and each <c>a</c>/<c>area</c> href with its text, in document order; null when the DOM must say.</summary>
    public static (string? BaseHref, List<(string Href, string Text)> Links)? Scan(string html)
    {
        if (html.Contains('\0'))
        {
            return null;
        }

        if (html.Contains('\r'))
        {
            // The input stream's newline normalization.
            html = html.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }

        var scanner = new Scanner(html);
        return scanner.Run() ? (scanner.BaseHref, scanner.Links) : null;
    }

    private sealed class Scanner(string html)
    {
        private readonly List<string> _open = [];
        private readonly StringBuilder _text = new();
        // The tag's first href (a repeated attribute is ignored, as the tree builder does); the only attribute read.
        private string? _href;
        private int _at;
        private int _anchor = -1;
        private int _link = -1;
        private bool _ended;

        public string? BaseHref { get; private set; }

        public List<(string Href, string Text)> Links { get; } = [];

        /// <summary>Scans the whole page; false when the DOM must decide.</summary>
        public bool Run()
        {
            while (_at < html.Length)
            {
                var lt = html.IndexOf('<', _at);
                if (lt < 0)
                {
                    return Text(_at, html.Length, decode: true) && End();
                }

                if (!Text(_at, lt, decode: true))
                {
                    return false;
                }

                _at = lt;
                if (!Markup())
                {
                    return false;
                }
            }

            return End();
        }

        // End of file: an open link ends with it.
        private bool End()
        {
            EndLink();
            return true;
        }

        private bool InLink => _link >= 0;

        private bool Text(int from, int to, bool decode)
        {
            if (!InLink || from >= to)
            {
                return true;
            }

            return decode ? Decode(from, to, _text) : Append(from, to);
        }

        private bool Append(int from, int to)
        {
            _text.Append(html, from, to - from);
            return true;
        }

        /// <summary>At a '&lt;': a tag, a comment, a doctype, a bogus comment, or text.</summary>
        private bool Markup()
        {
            var next = _at + 1 < html.Length ? html[_at + 1] : '\0';
            if (char.IsAsciiLetter(next))
            {
                return Tag(start: true, _at + 1);
            }

            if (next == '/')
            {
                var after = _at + 2 < html.Length ? html[_at + 2] : '\0';
                if (char.IsAsciiLetter(after))
                {
                    return Tag(start: false, _at + 2);
                }

                if (after == '>')
                {
                    _at += 3;
                    return true;
                }

                if (_at + 2 >= html.Length)
                {
                    // "</" at the end: text.
                    Text(_at, html.Length, decode: false);
                    _at = html.Length;
                    return true;
                }

                return BogusComment(_at + 2);
            }

            if (next == '!')
            {
                if (string.CompareOrdinal(html, _at + 2, "--", 0, 2) == 0)
                {
                    return Comment(_at + 4);
                }

                return BogusComment(_at + 2);
            }

            if (next == '?')
            {
                return BogusComment(_at + 1);
            }

            // A '<' that opens nothing is text.
            Text(_at, _at + 1, decode: false);
            _at++;
            return true;
        }

        private bool BogusComment(int from)
        {
            var end = html.IndexOf('>', from);
            _at = end < 0 ? html.Length : end + 1;
            return true;
        }

        private bool Comment(int from)
        {
            // <!--> and <!---> end at once; otherwise at the first --> or --!> (or the end of the file).
            if (from < html.Length && html[from] == '>')
            {
                _at = from + 1;
                return true;
            }

            if (from + 1 < html.Length && html[from] == '-' && html[from + 1] == '>')
            {
                _at = from + 2;
                return true;
            }

            var dashes = html.IndexOf("--", from, StringComparison.Ordinal);
            while (dashes >= 0)
            {
                var after = dashes + 2;
                while (after < html.Length && html[after] == '-')
                {
                    after++;
                }

                if (after < html.Length && html[after] == '>')
                {
                    _at = after + 1;
                    return true;
                }

                if (after + 1 < html.Length && html[after] == '!' && html[after + 1] == '>')
                {
                    _at = after + 2;
                    return true;
                }

                dashes = html.IndexOf("--", after, StringComparison.Ordinal);
            }

            _at = html.Length;
            return true;
        }

        /// <summary>A start or end tag whose name starts at <paramref name="nameAt"/>.</summary>
        private bool Tag(bool start, int nameAt)
        {
            var i = nameAt;
            while (i < html.Length && !IsSpace(html[i]) && html[i] != '/' && html[i] != '>')
            {
                i++;
            }

            if (i >= html.Length)
            {
                // End of file in a tag: the tag is dropped.
                _at = html.Length;
                return true;
            }

            var name = Lower(nameAt, i);
            _href = null;
            while (true)
            {
                // A '/' between attributes is skipped (an HTML element's self-closing flag changes nothing).
                while (i < html.Length && (IsSpace(html[i]) || html[i] == '/'))
                {
                    i++;
                }

                if (i >= html.Length)
                {
                    _at = html.Length;
                    return true;
                }

                if (html[i] == '>')
                {
                    i++;
                    break;
                }

                // An attribute name (a leading '=' belongs to it).
                var attributeAt = i++;
                while (i < html.Length && !IsSpace(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=')
                {
                    i++;
                }

                var firstHref = start && _href is null && IsHref(attributeAt, i);
                while (i < html.Length && IsSpace(html[i]))
                {
                    i++;
                }

                if (i < html.Length && html[i] == '=')
                {
                    i++;
                    while (i < html.Length && IsSpace(html[i]))
                    {
                        i++;
                    }

                    if (i >= html.Length)
                    {
                        _at = html.Length;
                        return true;
                    }

                    int valueAt, valueEnd;
                    if (html[i] is '"' or '\'')
                    {
                        valueAt = i + 1;
                        valueEnd = html.IndexOf(html[i], valueAt);
                        if (valueEnd < 0)
                        {
                            _at = html.Length;
                            return true;
                        }

                        i = valueEnd + 1;
                    }
                    else if (html[i] == '>')
                    {
                        (valueAt, valueEnd) = (i, i);
                    }
                    else
                    {
                        valueAt = i;
                        while (i < html.Length && !IsSpace(html[i]) && html[i] != '>')
                        {
                            i++;
                        }

                        valueEnd = i;
                    }

                    if (firstHref)
                    {
                        var decoded = new StringBuilder(valueEnd - valueAt);
                        if (!Decode(valueAt, valueEnd, decoded))
                        {
                            return false;
                        }

                        _href = decoded.ToString();
                    }
                }

                if (firstHref)
                {
                    // An href without a value is an empty one.
                    _href ??= "";
                }
            }

            _at = i;
            return start ? StartTag(name) : EndTag(name);
        }

        private bool IsHref(int from, int to) =>
            to - from == 4 && string.Compare(html, from, "href", 0, 4, StringComparison.OrdinalIgnoreCase) == 0;

        private bool StartTag(string name)
        {
            if (_ended)
            {
                return false;
            }

            if (name == "form" && _open.Contains("form"))
            {
                // A form inside a form is ignored, whole.
                return true;
            }

            if (TreeBuilderDecides.Contains(name) || !ImpliedEnds(name))
            {
                return false;
            }

            switch (name)
            {
                case "html" or "head" or "body":
                    // Merged into the elements already there (or implied): nothing opens; inside a link, the DOM decides.
                    return _anchor < 0;
                case "textarea" when _at < html.Length && html[_at] == '\n':
                    // The tree builder drops a newline right after the start tag.
                    _at++;
                    return Push(name) && RcData(name);
                case "a":
                    if (_anchor >= 0)
                    {
                        // A new a closes the open one (the adoption agency), simply only when it is the current node.
                        if (_open.Count - 1 != _anchor)
                        {
                            return false;
                        }

                        EndLink();
                        _open.RemoveAt(_open.Count - 1);
                    }

                    _anchor = _open.Count;
                    if (_href is { } href)
                    {
                        Links.Add((href, ""));
                        _link = Links.Count - 1;
                    }

                    break;
                case "area":
                    if (_href is { } areaHref)
                    {
                        Links.Add((areaHref, ""));
                    }

                    break;
                case "base":
                    BaseHref ??= _href;
                    break;
                case "script":
                    return RawText(name, script: true);
                case "style" or "xmp" or "iframe" or "noembed" or "noframes":
                    return Push(name) && RawText(name, script: false);
                case "textarea" or "title":
                    return Push(name) && RcData(name);
                case "plaintext":
                    Text(_at, html.Length, decode: false);
                    _at = html.Length;
                    return true;
                case "pre" or "listing" when _at < html.Length && html[_at] == '\n':
                    // The tree builder drops a newline right after these start tags.
                    _at++;
                    break;
            }

            return Void.Contains(name) || Push(name);
        }

        private bool Push(string name)
        {
            if (_open.Count == MaxDepth)
            {
                return false;
            }

            _open.Add(name);
            return true;
        }

        private bool EndTag(string name)
        {
            if (name is "html" or "body")
            {
                // The parser only changes its mode; whatever follows is the DOM's to place.
                _ended = true;
                return _anchor < 0;
            }

            if (name is "head")
            {
                return _anchor < 0;
            }

            // Any heading's end tag closes the open heading.
            var at = IsHeading(name) ? _open.FindLastIndex(IsHeading) : _open.LastIndexOf(name);
            if (at < 0 || (name == "li" && (_open.LastIndexOf("ul") > at || _open.LastIndexOf("ol") > at)))
            {
                // Nothing open (in scope) to close: ignored, an empty p, a br — each with its own parse error; only a
                // stray one outside any link is sure to change nothing.
                return _anchor < 0 && name is not ("p" or "br");
            }

            if (name == "form" && at != _open.Count - 1)
            {
                // A form's end tag takes the form out from under the elements still open in it.
                return false;
            }

            var specialAbove = false;
            for (var i = at + 1; i < _open.Count; i++)
            {
                specialAbove |= Special.Contains(_open[i]);
            }

            if (!Special.Contains(name) && specialAbove)
            {
                // A formatting element's end tag past a block is the adoption agency's; any other such end tag is ignored.
                return !Formatting.Contains(name);
            }

            if (_anchor >= 0 && at == _anchor)
            {
                // The link's own end tag: the elements in it close with it, unless one would be reopened after it.
                for (var i = _anchor + 1; i < _open.Count; i++)
                {
                    if (Formatting.Contains(_open[i]))
                    {
                        return false;
                    }
                }

                EndLink();
                _open.RemoveRange(at, _open.Count - at);
                return true;
            }

            // Anything else that would close the link: a browser copies the link past it.
            return CloseFrom(at);
        }

        // What a start tag closes first: an open li (dd, dt) it replaces, an open p, a heading it cannot nest in.
        private bool ImpliedEnds(string name)
        {
            if (name is "li" or "dd" or "dt")
            {
                for (var i = _open.Count - 1; i >= 0; i--)
                {
                    var node = _open[i];
                    if (name == "li" ? node == "li" : node is "dd" or "dt")
                    {
                        if (!CloseFrom(i))
                        {
                            return false;
                        }

                        break;
                    }

                    if (Special.Contains(node) && node is not ("address" or "div" or "p"))
                    {
                        break;
                    }
                }
            }

            if (ClosesP.Contains(name) && _open.LastIndexOf("p") is var p and >= 0 && !CloseFrom(p))
            {
                return false;
            }

            return !(IsHeading(name) && _open.Count > 0 && IsHeading(_open[^1])) || CloseFrom(_open.Count - 1);
        }

        // Pops the elements from the one at <paramref name="at"/> up; false when that would close the link or a
        // formatting element (which the tree builder reopens later).
        private bool CloseFrom(int at)
        {
            if (_anchor >= 0 && at <= _anchor)
            {
                return false;
            }

            for (var i = at + 1; i < _open.Count; i++)
            {
                if (Formatting.Contains(_open[i]))
                {
                    return false;
                }
            }

            _open.RemoveRange(at, _open.Count - at);
            return true;
        }

        private static bool IsHeading(string name) => name is ['h', >= '1' and <= '6'];

        private void EndLink()
        {
            if (_link >= 0)
            {
                Links[_link] = (Links[_link].Href, _text.ToString());
                _text.Clear();
            }

            (_anchor, _link) = (-1, -1);
        }

        /// <summary>Raw text up to the element's end tag (script: unless it holds "&lt;!--", whose escapes only the tokenizer follows).</summary>
        private bool RawText(string name, bool script)
        {
            var end = AppropriateEndTag(name);
            if (script && html.AsSpan(_at, end - _at).Contains("<!--", StringComparison.Ordinal))
            {
                return false;
            }

            Text(_at, end, decode: false);
            _at = end;
            return !script || Push(name);
        }

        private bool RcData(string name)
        {
            var end = AppropriateEndTag(name);
            if (!Text(_at, end, decode: true))
            {
                return false;
            }

            _at = end;
            return true;
        }

        // Where "</name" followed by a space, '/' or '>' starts, or the end of the file.
        private int AppropriateEndTag(string name)
        {
            var from = _at;
            while (true)
            {
                var close = html.IndexOf("</", from, StringComparison.Ordinal);
                if (close < 0 || close + 2 + name.Length >= html.Length)
                {
                    return html.Length;
                }

                if (string.Compare(html, close + 2, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
                    && html[close + 2 + name.Length] is ' ' or '\t' or '\n' or '\f' or '/' or '>')
                {
                    return close;
                }

                from = close + 2;
            }
        }

        /// <summary>Appends html[from..to] with its character references decoded; false when only the tokenizer knows how.</summary>
        private bool Decode(int from, int to, StringBuilder output)
        {
            var i = from;
            while (i < to)
            {
                var amp = html.IndexOf('&', i, to - i);
                if (amp < 0)
                {
                    output.Append(html, i, to - i);
                    return true;
                }

                output.Append(html, i, amp - i);
                i = amp + 1;
                if (i < to && html[i] == '#')
                {
                    if (!Numeric(ref i, to, output))
                    {
                        return false;
                    }

                    continue;
                }

                var run = i;
                while (run < to && char.IsAsciiLetterOrDigit(html[run]))
                {
                    run++;
                }

                if (run > i && run - i <= LongestEntity && run < to && html[run] == ';'
                    && HtmlEntityProvider.Resolver.GetSymbol(html[i..run] + ";") is { Length: > 0 } symbol)
                {
                    output.Append(symbol);
                    i = run + 1;
                    continue;
                }

                // No full match: a legacy name without ';' may still match a prefix (with rules of its own in
                // attributes); that is the tokenizer's to decide. Otherwise the '&' is just text.
                for (var length = Math.Min(run - i, LongestLegacyEntity); length >= 2; length--)
                {
                    if (HtmlEntityProvider.Resolver.GetSymbol(html.Substring(i, length)) is { Length: > 0 })
                    {
                        return false;
                    }
                }

                output.Append('&');
            }

            return true;
        }

        private bool Numeric(ref int i, int to, StringBuilder output)
        {
            // i is at '#'.
            var hex = i + 1 < to && html[i + 1] is 'x' or 'X';
            var digitsAt = i + (hex ? 2 : 1);
            var end = digitsAt;
            while (end < to && (hex ? char.IsAsciiHexDigit(html[end]) : char.IsAsciiDigit(html[end])) && end - digitsAt < 8)
            {
                end++;
            }

            if (end == digitsAt)
            {
                // "&#" with no digits: text.
                output.Append('&');
                return true;
            }

            if (end < to && (hex ? char.IsAsciiHexDigit(html[end]) : char.IsAsciiDigit(html[end])))
            {
                return false;
            }

            var value = int.Parse(html.AsSpan(digitsAt, end - digitsAt), hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture);
            if (value is 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF) or (>= 0x80 and <= 0x9F) or (< 0x20 and not ('\t' or '\n' or '\f')) or 0x7F
                || (value & 0xFFFE) == 0xFFFE || value is >= 0xFDD0 and <= 0xFDEF)
            {
                // Replacements and remappings of the tokenizer's own.
                return false;
            }

            output.Append(char.ConvertFromUtf32(value));
            i = end < to && html[end] == ';' ? end + 1 : end;
            return true;
        }

        private string Lower(int from, int to)
        {
            var span = html.AsSpan(from, to - from);
            foreach (var c in span)
            {
                if (char.IsAsciiLetterUpper(c))
                {
                    return span.ToString().ToLowerInvariant();
                }
            }

            return span.ToString();
        }

        private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\f';
    }
}
