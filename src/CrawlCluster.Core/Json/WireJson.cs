using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace CrawlCluster.Core.Json;

/// <summary>
/// Writes JSON byte-compatible with the original's encoders (<see cref="WireJsonStyle"/>). Numbers received as JSON
/// text are written back unchanged; a whole-valued <see cref="double"/> is written with <c>.0</c>, as Python does.
/// </summary>
internal static class WireJson
{
    // Printable ASCII plus DEL, minus the quote and the backslash; ujson also escapes the slash.
    private static readonly SearchValues<char> PythonSafe = SearchValues.Create(
        string.Concat(Enumerable.Range(0x20, 0x60).Select(i => (char)i).Where(c => c is not ('"' or '\\'))));

    private static readonly SearchValues<char> UjsonSafe = SearchValues.Create(
        string.Concat(Enumerable.Range(0x20, 0x60).Select(i => (char)i).Where(c => c is not ('"' or '\\' or '/'))));

    /// <summary>Serializes <paramref name="node"/> in <paramref name="style"/>.</summary>
    /// <param name="node">The value; null writes <c>null</c>.</param>
    /// <param name="style">The encoder to imitate.</param>
    /// <param name="sortKeys">Sort object keys ordinally, as <c>sort_keys=True</c>.</param>
    /// <param name="indent">Pretty-print with this many spaces (Python style only), as <c>indent=N</c>.</param>
    public static string Serialize(JsonNode? node, WireJsonStyle style, bool sortKeys = false, int? indent = null)
    {
        var builder = new StringBuilder(256);
        Write(builder, node, style, sortKeys, indent, 0);
        return builder.ToString();
    }

    /// <summary>Serializes a contract value in <paramref name="style"/>.</summary>
    public static string Serialize<T>(T value, JsonTypeInfo<T> typeInfo, WireJsonStyle style, bool sortKeys = false, int? indent = null) =>
        Serialize(JsonSerializer.SerializeToNode(value, typeInfo), style, sortKeys, indent);

    /// <summary>Serializes parsed JSON in <paramref name="style"/>.</summary>
    public static string Serialize(JsonElement element, WireJsonStyle style, bool sortKeys = false, int? indent = null) =>
        Serialize(JsonNode.Parse(element.GetRawText()), style, sortKeys, indent);

    /// <summary>Appends <paramref name="node"/> in compact <paramref name="style"/>, for writers that build a message member by member.</summary>
    public static void Write(StringBuilder output, JsonNode? node, WireJsonStyle style, bool sortKeys) => Write(output, node, style, sortKeys, null, 0);

    private static void Write(StringBuilder output, JsonNode? node, WireJsonStyle style, bool sortKeys, int? indent, int depth)
    {
        switch (node)
        {
            case null:
                output.Append("null");
                break;
            case JsonObject obj:
                WriteObject(output, obj, style, sortKeys, indent, depth);
                break;
            case JsonArray array:
                WriteArray(output, array, style, sortKeys, indent, depth);
                break;
            case JsonValue value:
                WriteValue(output, value, style);
                break;
        }
    }

    private static void WriteObject(StringBuilder output, JsonObject obj, WireJsonStyle style, bool sortKeys, int? indent, int depth)
    {
        if (obj.Count == 0)
        {
            output.Append("{}");
            return;
        }

        IEnumerable<KeyValuePair<string, JsonNode?>> members = sortKeys
            ? obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            : obj;
        output.Append('{');
        var first = true;
        foreach (var (key, value) in members)
        {
            Separate(output, style, indent, depth + 1, first);
            first = false;
            WriteString(output, key, style);
            output.Append(style == WireJsonStyle.Python ? ": " : ":");
            Write(output, value, style, sortKeys, indent, depth + 1);
        }

        Close(output, indent, depth);
        output.Append('}');
    }

    private static void WriteArray(StringBuilder output, JsonArray array, WireJsonStyle style, bool sortKeys, int? indent, int depth)
    {
        if (array.Count == 0)
        {
            output.Append("[]");
            return;
        }

        output.Append('[');
        for (var i = 0; i < array.Count; i++)
        {
            Separate(output, style, indent, depth + 1, i == 0);
            Write(output, array[i], style, sortKeys, indent, depth + 1);
        }

        Close(output, indent, depth);
        output.Append(']');
    }

    private static void Separate(StringBuilder output, WireJsonStyle style, int? indent, int depth, bool first)
    {
        if (!first)
        {
            // Python's indent mode uses "," then a newline; its compact mode ", ".
            output.Append(style == WireJsonStyle.Python && indent is null ? ", " : ",");
        }

        if (indent is { } spaces && style == WireJsonStyle.Python)
        {
            output.Append('\n').Append(' ', spaces * depth);
        }
    }

    private static void Close(StringBuilder output, int? indent, int depth)
    {
        if (indent is { } spaces)
        {
            output.Append('\n').Append(' ', spaces * depth);
        }
    }

    private static void WriteValue(StringBuilder output, JsonValue value, WireJsonStyle style)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(output, value.GetValue<string>(), style);
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            case JsonValueKind.Number:
                output.Append(FormatNumber(value));
                break;
            default:
                output.Append("null");
                break;
        }
    }

    private static string FormatNumber(JsonValue value)
    {
        if (value.TryGetValue<double>(out var d) && value.GetValue<object>() is double or float)
        {
            var text = d.ToString("R", CultureInfo.InvariantCulture);
            return d == Math.Floor(d) && !text.Contains('E', StringComparison.Ordinal) ? text + ".0" : text;
        }

        // Raw JSON text or an integer: write exactly what was received.
        return value.ToJsonString();
    }

    /// <summary>Appends <paramref name="text"/> as a JSON string, escaped as <paramref name="style"/> escapes.</summary>
    public static void WriteString(StringBuilder output, string text, WireJsonStyle style)
    {
        var safe = style == WireJsonStyle.Ujson ? UjsonSafe : PythonSafe;
        output.Append('"');
        ReadOnlySpan<char> rest = text;
        while (!rest.IsEmpty)
        {
            // Copy the run of characters that need no escape in one go; most of a page body is such a run.
            var stop = rest.IndexOfAnyExcept(safe);
            if (stop < 0)
            {
                output.Append(rest);
                break;
            }

            output.Append(rest[..stop]);
            AppendEscaped(output, rest[stop]);
            rest = rest[(stop + 1)..];
        }

        output.Append('"');
    }

    private static void AppendEscaped(StringBuilder output, char c)
    {
        switch (c)
        {
            case '"':
                output.Append("\\\"");
                break;
            case '\\':
                output.Append("\\\\");
                break;
            case '/':
                output.Append("\\/");
                break;
            case '\n':
                output.Append("\\n");
                break;
            case '\r':
                output.Append("\\r");
                break;
            case '\t':
                output.Append("\\t");
                break;
            case '\b':
                output.Append("\\b");
                break;
            case '\f':
                output.Append("\\f");
                break;
            default:
                // Control characters and everything outside ASCII; UTF-16 code units map one to one onto \uXXXX
                // escapes, surrogate pairs included.
                output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                break;
        }
    }
}
