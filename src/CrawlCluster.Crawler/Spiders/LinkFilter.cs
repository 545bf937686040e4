using System.Text.RegularExpressions;
using CrawlCluster.Core.Contract;

namespace CrawlCluster.Crawler.Spiders;

/// <summary>
/// Which links a crawl follows (CONTRACT.md Part B §2.7): http, https or file; matching an <c>allow_regex</c> if any
/// is given (a search anywhere in the URL); matching no <c>deny_regex</c>, which takes precedence; on an allowed domain
/// or a subdomain of one; and not ending in a denied extension. Regexes run with
/// <see cref="RegexOptions.NonBacktracking"/>, so a hostile pattern costs linear time, never catastrophic backtracking.
/// </summary>
internal sealed class LinkFilter
{
    /// <summary>Scrapy 1.5's IGNORED_EXTENSIONS, the default <c>deny_extensions</c>.</summary>
    public static readonly IReadOnlyList<string> DefaultDenyExtensions =
    [
        "mng", "pct", "bmp", "gif", "jpg", "jpeg", "png", "pst", "psp", "tif", "tiff", "ai", "drw", "dxf", "eps", "ps", "svg",
        "mp3", "wma", "ogg", "wav", "ra", "aac", "mid", "au", "aiff",
        "3gp", "asf", "asx", "avi", "mov", "mp4", "mpg", "qt", "rm", "swf", "wmv", "m4a", "m4v",
        "xls", "xlsx", "ppt", "pptx", "pps", "doc", "docx", "odt", "ods", "odg", "odp",
        "css", "pdf", "exe", "bin", "rss", "zip", "rar",
    ];

    private readonly Regex[] _allow;
    private readonly Regex[] _deny;
    private readonly string[] _domains;
    private readonly HashSet<string> _denyExtensions;

    /// <summary>Builds the filter from a crawl request's fields (nulls mean "no restriction" or the defaults).</summary>
    /// <exception cref="ArgumentException">A regex is not valid (its message names it).</exception>
    public LinkFilter(IEnumerable<string>? allowedDomains = null, IEnumerable<string>? allowRegex = null, IEnumerable<string>? denyRegex = null,
        IEnumerable<string>? denyExtensions = null)
    {
        _allow = Compile(allowRegex, "allow_regex");
        _deny = Compile(denyRegex, "deny_regex");
        _domains = [.. (allowedDomains ?? []).Select(d => d.Trim().TrimEnd('.').ToLowerInvariant()).Where(d => d.Length > 0)];
        _denyExtensions = new HashSet<string>((denyExtensions ?? DefaultDenyExtensions).Select(e => "." + e.TrimStart('.').ToLowerInvariant()), StringComparer.Ordinal);
    }

    /// <summary>Whether the crawl follows <paramref name="url"/>.</summary>
    public bool Allows(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme is not ("http" or "https" or "file"))
        {
            return false;
        }

        var text = url.AbsoluteUri;
        if ((_allow.Length > 0 && !_allow.Any(r => r.IsMatch(text))) || _deny.Any(r => r.IsMatch(text)))
        {
            return false;
        }

        return AllowsDomain(url) && !_denyExtensions.Contains(Path.GetExtension(url.AbsolutePath).ToLowerInvariant());
    }

    /// <summary>Whether <paramref name="url"/>'s host is an allowed domain or below one (always, with none given).</summary>
    public bool AllowsDomain(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var host = url.Host.ToLowerInvariant();
        return _domains.Length == 0 || _domains.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal));
    }

    private static Regex[] Compile(IEnumerable<string>? patterns, string setting) =>
        [.. (patterns ?? []).Select(pattern => LinkPattern.Compile(pattern, setting))];
}
