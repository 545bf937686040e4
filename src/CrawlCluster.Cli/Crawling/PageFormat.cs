using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CrawlCluster.Cli.Crawling;

/// <summary>
/// How <c>crawl</c> writes each page (<c>--format</c>, <c>--no-body</c>, <c>--fields</c>): the crawled-page message as
/// a JSON line (the default) or as an element of one JSON array, or a CSV row of url, status, title, depth, bytes,
/// crawled_at and links.
/// </summary>
internal sealed partial class PageFormat
{
    /// <summary>The CSV columns, in order.</summary>
    public static readonly IReadOnlyList<string> CsvColumns = ["url", "status", "title", "depth", "bytes", "crawled_at", "links"];

    /// <summary>The formats.</summary>
    public static readonly IReadOnlyList<string> Names = ["jsonl", "json", "csv"];

    private readonly string _format;
    private readonly bool _noBody;
    private readonly IReadOnlyList<string>? _fields;
    private readonly PageDepths _depths;

    private PageFormat(string format, bool noBody, IReadOnlyList<string>? fields, PageDepths depths)
    {
        _format = format;
        _noBody = noBody;
        _fields = fields;
        _depths = depths;
    }

    /// <summary>What starts the output (the CSV header, the JSON array's bracket), or null.</summary>
    public string? Header => _format switch
    {
        "csv" => string.Join(',', _fields ?? CsvColumns),
        "json" => "[",
        _ => null,
    };

    /// <summary>What ends the output, or null.</summary>
    public string? Footer => _format == "json" ? "]" : null;

    /// <summary>The format the options ask for, or the reason they cannot be honoured.</summary>
    public static (PageFormat? Format, string? Error) From(string format, bool noBody, string? fields, PageDepths depths)
    {
        var name = format.ToLowerInvariant();
        if (!Names.Contains(name))
        {
            return (null, $"--format {format}: use one of {string.Join(", ", Names)}");
        }

        var chosen = fields?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (name == "csv" && chosen?.FirstOrDefault(f => !CsvColumns.Contains(f)) is { } unknown)
        {
            return (null, $"--fields {unknown}: a CSV row has {string.Join(", ", CsvColumns)}");
        }

        return (new PageFormat(name, noBody, chosen is { Length: > 0 } ? chosen : null, depths), null);
    }

    /// <summary>One page as it is written; <paramref name="first"/> tells the first page of a JSON array.</summary>
    public string Format(string message, bool first)
    {
        if (_format == "jsonl" && !_noBody && _fields is null)
        {
            return message;
        }

        JsonObject page;
        try
        {
            page = JsonNode.Parse(message) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return message;
        }

        if (_format == "csv")
        {
            return Csv(page);
        }

        if (_noBody)
        {
            page.Remove("body");
        }

        if (_fields is not null)
        {
            foreach (var name in page.Select(p => p.Key).Where(k => !_fields.Contains(k)).ToList())
            {
                page.Remove(name);
            }
        }

        var text = page.ToJsonString();
        return _format == "json" ? (first ? "  " : ", ") + text : text;
    }

    private string Csv(JsonObject page)
    {
        var url = Text(page, "url");
        var body = Text(page, "body");
        var bytes = page["body_encoding"] is not null ? SafeBase64Length(body) : Encoding.UTF8.GetByteCount(body);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["url"] = url,
            ["status"] = page["status_code"]?.ToJsonString() ?? "",
            ["title"] = page["body_encoding"] is null && Title().Match(body) is { Success: true } match ? match.Groups[1].Value.Trim() : "",
            ["depth"] = _depths.Take(url)?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["bytes"] = bytes.ToString(CultureInfo.InvariantCulture),
            ["crawled_at"] = Text(page, "timestamp"),
            ["links"] = (page["links"] as JsonArray)?.Count.ToString(CultureInfo.InvariantCulture) ?? "0",
        };
        return string.Join(',', (_fields ?? CsvColumns).Select(column => Quote(values[column])));
    }

    private static string Text(JsonObject page, string name) => page[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    private static int SafeBase64Length(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? written : 0;
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(@"<title[^>]*>([^<]*)</title>", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Title();
}
