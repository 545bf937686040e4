using System.Globalization;
using System.Text;

namespace CrawlCluster.Crawler.Robots;

/// <summary>
/// A parsed robots.txt (RFC 9309): groups of <c>user-agent</c> lines with their <c>allow</c>/<c>disallow</c> rules.
/// A crawler obeys the group naming its product token (case-insensitive), else the <c>*</c> group; the most specific
/// (longest) matching rule wins, <c>allow</c> on a tie; <c>*</c> matches any run of characters and a final <c>$</c>
/// anchors the end. <c>crawl-delay</c> (not in the RFC, widely used) is read too. Total: any text parses, unknown
/// lines are ignored, and the file is read up to 500 KiB as the RFC allows.
/// </summary>
internal sealed class RobotsTxt
{
    /// <summary>The most of a robots.txt that is read.</summary>
    public const int MaxBytes = 500 * 1024;

    private readonly List<Group> _groups;

    private RobotsTxt(List<Group> groups) => _groups = groups;

    /// <summary>Everything allowed (no file, or a 4xx answer).</summary>
    public static RobotsTxt AllowAll { get; } = new([]);

    /// <summary>Everything disallowed (the server failed: RFC 9309 §2.3.1.4).</summary>
    public static RobotsTxt DisallowAll { get; } = new([new Group(["*"], [new Rule("/", Allow: false)], null)]);

    /// <summary>Parses a robots.txt.</summary>
    public static RobotsTxt Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var groups = new List<Group>();
        List<string>? agents = null;
        List<Rule>? rules = null;
        double? delay = null;
        var lastWasAgent = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key is "user-agent")
            {
                if (!lastWasAgent || agents is null)
                {
                    agents = [];
                    rules = [];
                    delay = null;
                    groups.Add(new Group(agents, rules, null));
                }

                agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
                continue;
            }

            lastWasAgent = false;
            if (agents is null || rules is null)
            {
                continue;
            }

            switch (key)
            {
                case "allow" or "disallow" when value.Length > 0:
                    rules.Add(new Rule(Normalize(value), key == "allow"));
                    break;
                case "crawl-delay" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0:
                    delay = seconds;
                    groups[^1] = groups[^1] with { CrawlDelay = delay };
                    break;
            }
        }

        return new RobotsTxt(groups);
    }

    /// <summary>Whether a crawler with product token <paramref name="userAgent"/> may fetch <paramref name="url"/>.</summary>
    public bool Allows(Uri url, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.AbsolutePath == "/robots.txt")
        {
            return true;
        }

        var rules = RulesFor(userAgent);
        var path = Normalize(url.PathAndQuery);
        Rule? best = null;
        foreach (var rule in rules)
        {
            if (Matches(rule.Path, path) && (best is null || rule.Path.Length > best.Path.Length || (rule.Path.Length == best.Path.Length && rule.Allow)))
            {
                best = rule;
            }
        }

        return best?.Allow ?? true;
    }

    /// <summary>The crawl-delay the group for <paramref name="userAgent"/> asks for, or null.</summary>
    public TimeSpan? CrawlDelay(string userAgent) => GroupFor(userAgent)?.CrawlDelay is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>The product token of a User-Agent header: its first word, before any <c>/</c>.</summary>
    public static string ProductToken(string userAgent)
    {
        ArgumentNullException.ThrowIfNull(userAgent);
        var token = userAgent.Split(' ', 2)[0];
        var slash = token.IndexOf('/', StringComparison.Ordinal);
        return (slash >= 0 ? token[..slash] : token).ToLowerInvariant();
    }

    private IEnumerable<Rule> RulesFor(string userAgent)
    {
        var token = ProductToken(userAgent);
        var specific = _groups.Where(g => g.Agents.Contains(token)).ToList();
        var chosen = specific.Count > 0 ? specific : _groups.Where(g => g.Agents.Contains("*")).ToList();
        return chosen.SelectMany(g => g.Rules);
    }

    private Group? GroupFor(string userAgent)
    {
        var token = ProductToken(userAgent);
        return _groups.FirstOrDefault(g => g.Agents.Contains(token)) ?? _groups.FirstOrDefault(g => g.Agents.Contains("*"));
    }

    // RFC 9309 §2.2.2: octets compared, so an encoded unreserved character equals the character (.NET's Uri decodes
    // them, %7E is ~) and other encodings are compared with upper-case hex.
    private static string Normalize(string path)
    {
        var builder = new StringBuilder(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '%' && i + 2 < path.Length && byte.TryParse(path.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var octet))
            {
                var c = (char)octet;
                builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' ? c : $"%{octet:X2}");
                i += 2;
            }
            else
            {
                builder.Append(path[i]);
            }
        }

        return builder.ToString();
    }

    private static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        var parts = (anchored ? pattern[..^1] : pattern).Split('*');
        if (!path.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }

        var position = parts[0].Length;
        for (var i = 1; i < parts.Length; i++)
        {
            var found = i == parts.Length - 1 && anchored
                ? (path.Length - parts[i].Length >= position && path.EndsWith(parts[i], StringComparison.Ordinal) ? path.Length - parts[i].Length : -1)
                : path.IndexOf(parts[i], position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + parts[i].Length;
        }

        return !anchored || position == path.Length;
    }

    private sealed record Rule(string Path, bool Allow);

    private sealed record Group(List<string> Agents, List<Rule> Rules, double? CrawlDelay);
}
