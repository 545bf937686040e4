using System.Globalization;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Contract;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace CrawlCluster.KafkaMonitor.Validation;

/// <summary>
/// A plugin's JSON schema with the original's validation semantics (CONTRACT.md Part B §1.2, jsonschema 2.6 Draft 4
/// with the "set defaults" extension): NJsonSchema validates, then <see cref="ApplyDefaults"/> copies every missing
/// property's <c>default</c> — an explicit null included — into the request, in schema order.
/// </summary>
internal sealed class RequestSchema
{
    private static readonly JsonLoadSettings LoadSettings = new() { LineInfoHandling = LineInfoHandling.Ignore };
    private readonly JsonSchema _schema;
    private readonly JsonObject _definition;

    private RequestSchema(JsonSchema schema, JsonObject definition)
    {
        _schema = schema;
        _definition = definition;
    }

    /// <summary>Reads a schema.</summary>
    /// <exception cref="FormatException">The text is not a JSON schema object.</exception>
    public static async Task<RequestSchema> ParseAsync(string text)
    {
        JsonObject definition;
        JsonSchema schema;
        try
        {
            definition = JsonNode.Parse(text) as JsonObject ?? throw new FormatException("a schema must be a JSON object");
            schema = await JsonSchema.FromJsonAsync(text).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new FormatException($"the schema is not JSON: {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the schema is not JSON: {ex.Message}", ex);
        }

        return new RequestSchema(schema, definition);
    }

    /// <summary>
    /// Reads a request the way every schema sees it: dates stay strings, and floats keep their exactness so that
    /// <c>5.0</c> is a number and not an integer (Draft 4).
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static JToken ParseForValidation(string text)
    {
        using var reader = new JsonTextReader(new StringReader(text))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
            MaxDepth = 64,
        };
        var token = JToken.ReadFrom(reader, LoadSettings);
        if (reader.Read())
        {
            throw new JsonReaderException($"Additional text after the JSON value at position {reader.LinePosition}.");
        }

        return token;
    }

    /// <summary>The reasons <paramref name="request"/> does not match; empty when it does.</summary>
    public IReadOnlyList<string> Validate(JToken request)
    {
        var errors = new List<string>();
        foreach (var error in _schema.Validate(request))
        {
            errors.Add(Describe(error));
        }

        if (errors.Count == 0 && request is JObject requestObject)
        {
            CheckStrings(requestObject, _definition, "", errors);
        }

        return errors;
    }

    /// <summary>Copies the default of every property <paramref name="request"/> lacks, in schema order.</summary>
    public void ApplyDefaults(JsonObject request) => ApplyDefaultsTo(request, _definition);

    private static void ApplyDefaultsTo(JsonObject request, JsonObject schema)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            return;
        }

        foreach (var (name, property) in properties)
        {
            if (property is not JsonObject propertySchema)
            {
                continue;
            }

            if (request[name] is JsonObject nested)
            {
                ApplyDefaultsTo(nested, propertySchema);
            }
            else if (!request.ContainsKey(name) && propertySchema.TryGetPropertyValue("default", out var value))
            {
                request[name] = value?.DeepClone();
            }
        }
    }

    // What NJsonSchema leaves to us, in one walk of the request along its schema: lengths in code points (NJsonSchema
    // counts UTF-16 units; Draft 4 counts a character outside the BMP as one), and "format": "regex" (Draft 4 leaves
    // formats to the validator) — a pattern crawlers cannot run, else a crawl whose deny_regex cannot compile follows no
    // link at all and its sender never hears why.
    private static void CheckStrings(JObject request, JsonObject schema, string path, List<string> errors)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            return;
        }

        foreach (var (name, property) in properties)
        {
            if (property is not JsonObject propertySchema || request[name] is not { } value)
            {
                continue;
            }

            var field = path + name;
            if (value is JObject nested)
            {
                CheckStrings(nested, propertySchema, field + ".", errors);
            }
            else if (value is JArray items && propertySchema["items"] is JsonObject itemSchema && IsRegexFormat(itemSchema))
            {
                errors.AddRange(items.Where(item => item.Type == JTokenType.String)
                    .Select(item => LinkPattern.Problem(item.Value<string>()!, field)).OfType<string>());
            }
            else if (value.Type == JTokenType.String)
            {
                var text = value.Value<string>()!;
                var codePoints = CodePoints(text);
                if (propertySchema["minLength"] is JsonValue min && codePoints < min.GetValue<double>())
                {
                    errors.Add($"{field}: StringTooShort");
                }

                if (propertySchema["maxLength"] is JsonValue max && codePoints > max.GetValue<double>())
                {
                    errors.Add($"{field}: StringTooLong");
                }

                if (IsRegexFormat(propertySchema) && LinkPattern.Problem(text, field) is { } problem)
                {
                    errors.Add(problem);
                }
            }
        }
    }

    private static bool IsRegexFormat(JsonObject schema) => schema["format"] is JsonValue format && format.TryGetValue<string>(out var text) && text == "regex";

    private static int CodePoints(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            count++;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
        }

        return count;
    }

    /// <summary>One error in the user's words: the field, its value and the rule it breaks.</summary>
    private static string Describe(ValidationError error)
    {
        var field = string.IsNullOrEmpty(error.Path) || error.Path == "#" ? error.Property ?? "the request" : error.Path.TrimStart('#', '/').Replace('/', '.');
        var value = error.Token is JValue { Value: var v } ? Convert.ToString(v, CultureInfo.InvariantCulture) : error.Token?.ToString(Newtonsoft.Json.Formatting.None);
        var schema = error.Schema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"'{error.Property}' is required",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"'{error.Property}' is not a field of this request",
            ValidationErrorKind.NumberTooBig => $"{field} {value} is above the maximum {schema?.Maximum?.ToString(CultureInfo.InvariantCulture)}",
            ValidationErrorKind.NumberTooSmall => $"{field} {value} is below the minimum {schema?.Minimum?.ToString(CultureInfo.InvariantCulture)}",
            ValidationErrorKind.StringTooShort => $"{field} is shorter than {schema?.MinLength} characters",
            ValidationErrorKind.StringTooLong => $"{field} is longer than {schema?.MaxLength} characters",
            ValidationErrorKind.IntegerExpected => $"{field} must be an integer, not {value}",
            ValidationErrorKind.NumberExpected => $"{field} must be a number, not {value}",
            ValidationErrorKind.StringExpected => $"{field} must be a string",
            ValidationErrorKind.BooleanExpected => $"{field} must be true or false",
            ValidationErrorKind.ArrayExpected => $"{field} must be a list",
            ValidationErrorKind.ObjectExpected => $"{field} must be an object",
            ValidationErrorKind.ItemsNotUnique => $"{field} lists an item twice",
            ValidationErrorKind.NotInEnumeration => $"{field} {value} is not one of {string.Join(", ", schema?.Enumeration ?? [])}",
            _ => string.Create(CultureInfo.InvariantCulture, $"{field}: {error.Kind}"),
        };
    }
}
