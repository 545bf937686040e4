using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CrawlCluster.Core.DomainConfig;

/// <summary>
/// The domain configuration as YAML, in the original's format (CONTRACT.md Part B §2.5, §4.7): read as PyYAML's safe
/// load would, written as its block-style safe dump with sorted keys, so a file from the original works unchanged.
/// </summary>
internal static class DomainConfigYaml
{
    /// <summary>
    /// Reads a configuration. As the original's crawler did, a domain entry is kept only if it has both
    /// <c>window</c> and <c>hits</c>; empty text is an empty configuration.
    /// </summary>
    /// <exception cref="FormatException">The text is not YAML of that shape; the message says where.</exception>
    public static ClusterDomainConfig Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return ClusterDomainConfig.Empty;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new FormatException($"not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" or "null" or "~" })
        {
            return ClusterDomainConfig.Empty;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException("the configuration must be a mapping with 'blacklist' and 'domains'");
        }

        var config = ClusterDomainConfig.Empty;
        if (Child(root, "blacklist") is YamlSequenceNode blacklist)
        {
            foreach (var item in blacklist.OfType<YamlScalarNode>().Where(i => !string.IsNullOrEmpty(i.Value)))
            {
                config = config.WithBlacklisted(item.Value!);
            }
        }

        if (Child(root, "domains") is YamlMappingNode domains)
        {
            foreach (var (key, value) in domains.Children)
            {
                if (key is YamlScalarNode { Value: { Length: > 0 } domain } && value is YamlMappingNode settings
                    && Number(settings, "window") is { } window && Number(settings, "hits") is { } hits)
                {
                    config = config.WithDomain(domain, new DomainThrottle((int)window, (int)hits, Number(settings, "scale")));
                }
            }
        }

        return config;
    }

    /// <summary>
    /// What is wrong with a file about to be pushed, each entry and field named: a value that is not a number, hits or
    /// window below 1 or not whole, a scale outside 0–1, an unknown field. A push with any is refused whole. An entry
    /// without both hits and window is not an error: as the original's crawlers did, they skip it.
    /// </summary>
    /// <exception cref="FormatException">The text is not YAML of the configuration's shape.</exception>
    public static IReadOnlyList<string> Problems(string text)
    {
        Parse(text);
        var problems = new List<string>();
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return problems;
        }

        foreach (var (key, _) in root.Children)
        {
            if (key is YamlScalarNode { Value: var name } && name is not ("blacklist" or "domains"))
            {
                problems.Add($"'{name}' is not part of a domain configuration (blacklist, domains)");
            }
        }

        if (Child(root, "blacklist") is { } blacklist and not YamlSequenceNode && blacklist is not YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            problems.Add("blacklist: must be a list of domains");
        }

        if (Child(root, "domains") is not YamlMappingNode domains)
        {
            if (Child(root, "domains") is { } other && other is not YamlScalarNode { Value: null or "" or "~" or "null" })
            {
                problems.Add("domains: must map each domain to its hits, window and scale");
            }

            return problems;
        }

        foreach (var (key, value) in domains.Children)
        {
            var domain = (key as YamlScalarNode)?.Value ?? "?";
            if (value is not YamlMappingNode settings)
            {
                problems.Add($"domains.{domain}: must have hits and window");
                continue;
            }

            foreach (var (field, node) in settings.Children)
            {
                var fieldName = (field as YamlScalarNode)?.Value ?? "?";
                var raw = (node as YamlScalarNode)?.Value;
                if (fieldName is not ("hits" or "window" or "scale"))
                {
                    problems.Add($"domains.{domain}.{fieldName}: not a field of a domain (hits, window, scale)");
                }
                else if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    problems.Add($"domains.{domain}.{fieldName}: '{raw}' is not a number");
                }
                else if (fieldName is "hits" or "window" && (number < 1 || number != Math.Floor(number)))
                {
                    problems.Add($"domains.{domain}.{fieldName}: {raw} must be a whole number of at least 1");
                }
                else if (fieldName == "scale" && number is < 0 or > 1)
                {
                    problems.Add($"domains.{domain}.scale: {raw} must be between 0 and 1");
                }
            }

        }

        return problems;
    }

    /// <summary>Writes a configuration as PyYAML's <c>safe_dump</c> (block style, sorted keys) would.</summary>
    public static string Write(ClusterDomainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var output = new StringBuilder();
        if (config.Blacklist.Count == 0)
        {
            output.Append("blacklist: []\n");
        }
        else
        {
            output.Append("blacklist:\n");
            foreach (var domain in config.Blacklist)
            {
                output.Append("- ").Append(Scalar(domain)).Append('\n');
            }
        }

        if (config.Domains.Count == 0)
        {
            output.Append("domains: {}\n");
            return output.ToString();
        }

        output.Append("domains:\n");
        foreach (var (domain, throttle) in config.Domains.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            output.Append("  ").Append(Scalar(domain)).Append(":\n");
            output.Append("    hits: ").Append(throttle.Hits.ToString(CultureInfo.InvariantCulture)).Append('\n');
            if (throttle.Scale is { } scale)
            {
                output.Append("    scale: ").Append(Float(scale)).Append('\n');
            }

            output.Append("    window: ").Append(throttle.Window.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return output.ToString();
    }

    private static YamlNode? Child(YamlMappingNode node, string name) =>
        node.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: var key } && key == name).Value;

    private static double? Number(YamlMappingNode node, string name) =>
        Child(node, name) is YamlScalarNode { Value: { } text }
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    // PyYAML writes floats with repr(): 0.9, 1.0.
    private static string Float(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    // Plain when PyYAML would write it plain (host names are), single-quoted otherwise.
    private static string Scalar(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? value
            : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
