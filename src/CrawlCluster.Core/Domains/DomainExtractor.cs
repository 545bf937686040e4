using System.Globalization;

namespace CrawlCluster.Core.Domains;

/// <summary>
/// Extracts the registered domain of a URL exactly as tldextract 2.2 does with the ICANN rules (CONTRACT.md Part B §0):
/// scheme, path, user info and port dropped; IPv4 hosts kept whole; labels matched lowercased and punycode-decoded,
/// returned in their original case.
/// </summary>
/// <param name="list">The suffix rules.</param>
internal sealed class DomainExtractor(PublicSuffixList list)
{
    private static readonly IdnMapping Idn = new();

    /// <summary>An extractor over the embedded list.</summary>
    public static DomainExtractor Default { get; } = new(PublicSuffixList.Embedded);

    /// <summary>
    /// The extractor a process uses: over <see cref="DomainOptions.PublicSuffixListFile"/> when set, else the embedded
    /// snapshot.
    /// </summary>
    /// <exception cref="Settings.SettingsException">The file is missing or holds no rule.</exception>
    public static DomainExtractor FromOptions(DomainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PublicSuffixListFile is not { Length: > 0 } path)
        {
            return Default;
        }

        try
        {
            return new DomainExtractor(PublicSuffixList.Load(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new Settings.SettingsException($"PUBLIC_SUFFIX_LIST: cannot use '{path}': {ex.Message}");
        }
    }

    /// <summary>Splits the host of <paramref name="url"/>. Total: any text gives a result.</summary>
    public DomainParts Extract(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var host = HostOf(url);
        if (host.Length == 0)
        {
            return new DomainParts("", "", "");
        }

        if (LooksLikeIPv4(host))
        {
            return new DomainParts("", host, "");
        }

        var labels = host.Split('.');
        var index = SuffixIndex(labels);
        var suffix = string.Join('.', labels, index, labels.Length - index);
        if (index == 0)
        {
            return new DomainParts("", "", suffix);
        }

        var subdomain = string.Join('.', labels, 0, index - 1);
        return new DomainParts(subdomain, labels[index - 1], suffix);
    }

    /// <summary>The key part of <paramref name="url"/>'s domain (<see cref="DomainParts.Key"/>).</summary>
    public string KeyOf(string url) => Extract(url).Key;

    /// <summary>The host as tldextract isolates it, before any splitting.</summary>
    internal static string HostOf(string url)
    {
        ReadOnlySpan<char> rest = url;

        // ^([scheme chars]+:)?//
        var schemeEnd = 0;
        while (schemeEnd < rest.Length && (char.IsAsciiLetterOrDigit(rest[schemeEnd]) || rest[schemeEnd] is '+' or '-' or '.'))
        {
            schemeEnd++;
        }

        if (schemeEnd > 0 && rest[schemeEnd..].StartsWith("://", StringComparison.Ordinal))
        {
            rest = rest[(schemeEnd + 3)..];
        }
        else if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            rest = rest[2..];
        }

        var cut = rest.IndexOfAny('/', '?', '#');
        if (cut >= 0)
        {
            rest = rest[..cut];
        }

        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            rest = rest[(at + 1)..];
        }

        var colon = rest.IndexOf(':');
        if (colon >= 0)
        {
            rest = rest[..colon];
        }

        return rest.Trim().TrimEnd('.').ToString();
    }

    private int SuffixIndex(string[] labels)
    {
        // One lowercased, punycode-decoded string, so every candidate suffix is a span of it: no allocation per try.
        var translated = new string[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            translated[i] = Translate(labels[i]);
        }

        var joined = string.Join('.', translated);
        var starts = new int[labels.Length + 1];
        for (var i = 1; i <= labels.Length; i++)
        {
            starts[i] = starts[i - 1] + translated[i - 1].Length + 1;
        }

        ReadOnlySpan<char> all = joined;
        for (var i = 0; i < labels.Length; i++)
        {
            var candidate = all[starts[i]..];
            if (list.Exceptions.Contains(candidate))
            {
                return i + 1;
            }

            if (list.Rules.Contains(candidate))
            {
                return i;
            }

            if (i + 1 < labels.Length && list.Wildcards.Contains(all[starts[i + 1]..]))
            {
                return i;
            }
        }

        return labels.Length;
    }

    private static string Translate(string label)
    {
        var lowered = label.ToLowerInvariant();
        if (!lowered.StartsWith("xn--", StringComparison.Ordinal))
        {
            return lowered;
        }

        try
        {
            return Idn.GetUnicode(lowered);
        }
        catch (ArgumentException)
        {
            return lowered;
        }
    }

    /// <summary>
    /// tldextract asks <c>socket.inet_aton</c>: one to four numbers separated by dots, each decimal, octal (leading 0)
    /// or hex (0x), the last filling the remaining bytes. So <c>127.1</c> counts as an IP, as it does there.
    /// </summary>
    internal static bool LooksLikeIPv4(string host)
    {
        if (host.Length == 0 || !char.IsAsciiDigit(host[0]))
        {
            return false;
        }

        var parts = host.Split('.');
        if (parts.Length > 4)
        {
            return false;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParseInetNumber(parts[i], out var value))
            {
                return false;
            }

            var bytesLeft = 4 - i;
            var max = i == parts.Length - 1 ? (bytesLeft >= 4 ? uint.MaxValue : (1UL << (8 * bytesLeft)) - 1) : 255UL;
            if (value > max)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseInetNumber(string text, out ulong value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return false;
        }

        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return (text.Length == 2 || ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
                && value <= uint.MaxValue;
        }

        if (text.Length > 1 && text[0] == '0')
        {
            foreach (var c in text)
            {
                if (c is < '0' or > '7')
                {
                    return false;
                }

                value = (value * 8) + (ulong)(c - '0');
                if (value > uint.MaxValue)
                {
                    return false;
                }
            }

            return true;
        }

        return text.All(char.IsAsciiDigit) && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= uint.MaxValue;
    }
}
