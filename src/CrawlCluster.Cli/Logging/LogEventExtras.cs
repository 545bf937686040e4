using System.Text.Json.Nodes;
using Serilog.Events;

namespace CrawlCluster.Cli.Logging;

/// <summary>Turns a Serilog event's properties into the original's "extras": everything but our plumbing.</summary>
internal static class LogEventExtras
{
    // SourceContext (the .NET category) and EventId are .NET plumbing, not the caller's extras.
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal) { "SourceContext", "EventId" };

    /// <summary>The extras as JSON, in the order the event holds them.</summary>
    public static JsonObject ToJson(LogEvent logEvent)
    {
        var result = new JsonObject();
        foreach (var (name, value) in logEvent.Properties)
        {
            if (!Hidden.Contains(name))
            {
                result[name] = ToJson(value);
            }
        }

        return result;
    }

    /// <summary>The extras as plain values for in-process callbacks.</summary>
    public static Dictionary<string, object?> ToValues(LogEvent logEvent)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in logEvent.Properties)
        {
            if (!Hidden.Contains(name))
            {
                result[name] = value is ScalarValue scalar ? scalar.Value : value.ToString();
            }
        }

        return result;
    }

    private static JsonNode? ToJson(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: null } => null,
        ScalarValue { Value: string s } => JsonValue.Create(s),
        ScalarValue { Value: bool b } => JsonValue.Create(b),
        ScalarValue { Value: int or long or short or byte or uint or ulong or ushort or sbyte } scalar =>
            JsonValue.Create(Convert.ToDecimal(scalar.Value, System.Globalization.CultureInfo.InvariantCulture)),
        ScalarValue { Value: double d } when double.IsFinite(d) => JsonValue.Create(d),
        ScalarValue { Value: float f } when float.IsFinite(f) => JsonValue.Create((double)f),
        ScalarValue { Value: decimal m } => JsonValue.Create(m),
        ScalarValue { Value: DateTime t } => JsonValue.Create(t.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        ScalarValue { Value: DateTimeOffset t } => JsonValue.Create(t.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        ScalarValue scalar => JsonValue.Create(scalar.Value?.ToString()),
        SequenceValue sequence => new JsonArray([.. sequence.Elements.Select(ToJson)]),
        StructureValue structure => new JsonObject(structure.Properties.Select(p => KeyValuePair.Create(p.Name, ToJson(p.Value)))),
        DictionaryValue dictionary => new JsonObject(dictionary.Elements.Select(e => KeyValuePair.Create(e.Key.Value?.ToString() ?? "null", ToJson(e.Value)))),
        _ => JsonValue.Create(value.ToString()),
    };
}
