namespace CrawlCluster.Core.Domains;

/// <summary>
/// The ICANN section of the Public Suffix List, the rule set tldextract 2.2 uses with private domains off
/// (CONTRACT.md Part B §0). A snapshot ships embedded; <see cref="DomainOptions.PublicSuffixListFile"/> points at a newer one.
/// </summary>
internal sealed class PublicSuffixList
{
    private const string ResourceName = "CrawlCluster.Core.Domains.public_suffix_list.dat";
    private static readonly Lazy<PublicSuffixList> EmbeddedList = new(LoadEmbedded);

    private PublicSuffixList(HashSet<string> rules, HashSet<string> wildcards, HashSet<string> exceptions)
    {
        Rules = rules.GetAlternateLookup<ReadOnlySpan<char>>();
        Wildcards = wildcards.GetAlternateLookup<ReadOnlySpan<char>>();
        Exceptions = exceptions.GetAlternateLookup<ReadOnlySpan<char>>();
        Count = rules.Count + wildcards.Count + exceptions.Count;
    }

    /// <summary>The snapshot shipped with CrawlCluster.</summary>
    public static PublicSuffixList Embedded => EmbeddedList.Value;

    /// <summary>The number of rules read.</summary>
    public int Count { get; }

    /// <summary>Plain rules such as <c>co.uk</c>.</summary>
    internal HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Rules { get; }

    /// <summary>Wildcard rules <c>*.x</c>, stored as <c>x</c>.</summary>
    internal HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Wildcards { get; }

    /// <summary>Exception rules <c>!x</c>, stored as <c>x</c>.</summary>
    internal HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Exceptions { get; }

    /// <summary>Reads a list in the publicsuffix.org format, keeping only the ICANN section when it is marked.</summary>
    /// <exception cref="InvalidDataException">The text holds no rule.</exception>
    public static PublicSuffixList Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rules = new HashSet<string>(StringComparer.Ordinal);
        var wildcards = new HashSet<string>(StringComparer.Ordinal);
        var exceptions = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("// ===END ICANN DOMAINS===", StringComparison.Ordinal))
            {
                break;
            }

            if (trimmed.Length == 0 || trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            // A rule ends at the first whitespace.
            var rule = trimmed.Split((char[]?)null, 2)[0].ToLowerInvariant();
            if (rule.StartsWith('!'))
            {
                exceptions.Add(rule[1..]);
            }
            else if (rule.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcards.Add(rule[2..]);
            }
            else
            {
                rules.Add(rule);
            }
        }

        if (rules.Count == 0)
        {
            throw new InvalidDataException("the public suffix list holds no rule");
        }

        return new PublicSuffixList(rules, wildcards, exceptions);
    }

    /// <summary>Reads a list from a file.</summary>
    /// <exception cref="InvalidDataException">The file holds no rule.</exception>
    public static PublicSuffixList Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    private static PublicSuffixList LoadEmbedded()
    {
        using var stream = typeof(PublicSuffixList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
