using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Core.Settings;

/// <summary>
/// Binds the original's flat UPPER_SNAKE keys onto options classes and validates them, producing one-line errors that
/// name the key and the layer (STYLE.md guideline 5).
/// </summary>
/// <remarks>
/// Supported property types: <see cref="string"/>, <see cref="bool"/>, <see cref="int"/>, <see cref="long"/>,
/// <see cref="double"/> (and their nullable forms), <c>string[]</c>, <c>int[]</c> and
/// <c>Dictionary&lt;string, int?&gt;</c>. Lists come from a JSON array in the settings file, from comma-separated
/// text, or from JSON text; <c>null</c>, <c>None</c> and the empty string clear a nullable value.
/// </remarks>
internal static class SettingsBinder
{
    /// <summary>Binds and validates one section, returning the options instance.</summary>
    /// <exception cref="SettingsException">A value cannot be converted or is out of range.</exception>
    public static object Bind(LayeredSettings settings, SettingsSection section)
    {
        var (options, errors, _) = BindCore(settings, section);
        if (errors.Count > 0)
        {
            throw new SettingsException(errors);
        }

        return options;
    }

    /// <summary>Binds and validates one section as <typeparamref name="T"/>.</summary>
    /// <exception cref="SettingsException">A value cannot be converted or is out of range.</exception>
    public static T Bind<T>(LayeredSettings settings, SettingsSection section)
        where T : class => (T)Bind(settings, section);

    /// <summary>Binds the sections and lists every key's effective value and layer, in section order.</summary>
    /// <exception cref="SettingsException">A value cannot be converted or is out of range.</exception>
    public static IReadOnlyList<EffectiveSetting> Describe(LayeredSettings settings, IEnumerable<SettingsSection> sections)
    {
        var result = new List<EffectiveSetting>();
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            var (options, sectionErrors, layers) = BindCore(settings, section);
            errors.AddRange(sectionErrors);
            foreach (var descriptor in section.Settings)
            {
                if (!seen.Add(descriptor.Key))
                {
                    continue;
                }

                var value = descriptor.Property.GetValue(options);
                var display = descriptor.IsSecret && value is not null ? "****" : Format(value);
                var layer = layers[descriptor.Key];
                result.Add(new EffectiveSetting(descriptor.Key, display, layer, settings.Describe(layer)));
            }
        }

        if (errors.Count > 0)
        {
            throw new SettingsException(errors.Distinct().ToArray());
        }

        return result;
    }

    /// <summary>Formats a setting value the way <c>crawlcluster settings</c> prints it.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        Dictionary<string, int?> map => JsonSerializer.Serialize(map, SettingsJsonContext.Default.DictionaryStringNullableInt32),
        System.Collections.IEnumerable list => string.Join(",", list.Cast<object?>().Select(Format)),
        _ => value.ToString() ?? "",
    };

    private static (object Options, List<string> Errors, Dictionary<string, SettingsLayer> Layers) BindCore(
        LayeredSettings settings, SettingsSection section)
    {
        var options = section.CreateDefaults();
        var errors = new List<string>();
        var layers = new Dictionary<string, SettingsLayer>(StringComparer.Ordinal);
        foreach (var descriptor in section.Settings)
        {
            layers[descriptor.Key] = SettingsLayer.Default;
            if (settings.Find(descriptor.AllKeys) is not { } found)
            {
                continue;
            }

            layers[descriptor.Key] = found.Layer;
            var where = settings.Describe(found.Layer);
            try
            {
                var type = descriptor.Property.PropertyType;
                var value = found.Section is not null
                    ? ConvertSection(found.Section, type)
                    : ConvertText(found.Scalar, type, AcceptsNull(descriptor.Property));
                if (value is null && !AcceptsNull(descriptor.Property))
                {
                    throw new FormatException("must have a value");
                }

                // A rank table is merged over the defaults, as Scrapy merges its middleware tables: naming one plugin
                // adds or re-ranks it, null disables one, and the others stay.
                if (value is Dictionary<string, int?> ranks && descriptor.Property.GetValue(options) is Dictionary<string, int?> defaults)
                {
                    value = new Dictionary<string, int?>(defaults, StringComparer.Ordinal).Merge(ranks);
                }

                descriptor.Property.SetValue(options, value);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or JsonException or InvalidCastException)
            {
                errors.Add($"{found.Key} (from {where}): {ex.Message}");
            }
        }

        var results = new List<ValidationResult>();
        if (errors.Count == 0 && !Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            foreach (var result in results)
            {
                var member = result.MemberNames.FirstOrDefault();
                var descriptor = section.Settings.FirstOrDefault(d => d.Property.Name == member);
                var key = descriptor?.Key ?? member ?? section.OptionsType.Name;
                var where = descriptor is null ? "" : $" (from {settings.Describe(layers[descriptor.Key])})";
                errors.Add($"{key}{where}: {result.ErrorMessage}");
            }
        }

        return (options, errors, layers);
    }

    private static object? ConvertSection(IConfigurationSection section, Type type)
    {
        var children = section.GetChildren().ToList();
        if (type == typeof(Dictionary<string, int?>))
        {
            return children.ToDictionary(c => c.Key, c => (int?)ConvertText(c.Value, typeof(int?), acceptsNull: true), StringComparer.Ordinal);
        }

        var elementType = type.IsArray ? type.GetElementType()! : null;
        if (elementType is null)
        {
            throw new FormatException($"expects a single value, not a list or object");
        }

        // JSON arrays arrive as children "0", "1", ...; keep their order.
        var ordered = children.OrderBy(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue);
        return ToArray(ordered.Select(c => ConvertText(c.Value, elementType)), elementType);
    }

    private static bool AcceptsNull(PropertyInfo property) =>
        new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;

    private static object? ConvertText(string? text, Type type, bool acceptsNull = false)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        var target = underlying ?? type;
        var trimmed = text?.Trim();
        if ((acceptsNull || underlying is not null) && (trimmed is null || IsNullWord(trimmed) || (trimmed.Length == 0 && target != typeof(string))))
        {
            return null;
        }

        if (target == typeof(string))
        {
            return text ?? "";
        }

        trimmed ??= "";
        if (target == typeof(bool))
        {
            return trimmed.ToUpperInvariant() switch
            {
                "TRUE" or "1" or "YES" or "ON" => true,
                "FALSE" or "0" or "NO" or "OFF" => false,
                _ => throw new FormatException($"'{text}' is not a boolean (use true or false)"),
            };
        }

        if (target == typeof(int))
        {
            return int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
                ? i : throw new FormatException($"'{text}' is not an integer");
        }

        if (target == typeof(long))
        {
            return long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
                ? l : throw new FormatException($"'{text}' is not an integer");
        }

        if (target == typeof(double))
        {
            return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                ? d : throw new FormatException($"'{text}' is not a number");
        }

        if (target == typeof(Dictionary<string, int?>))
        {
            return trimmed.StartsWith('{')
                ? JsonSerializer.Deserialize(trimmed, SettingsJsonContext.Default.DictionaryStringNullableInt32)
                : ParsePairs(trimmed);
        }

        if (target.IsArray)
        {
            var elementType = target.GetElementType()!;
            IEnumerable<string?> items = trimmed.StartsWith('[')
                ? JsonSerializer.Deserialize(trimmed, SettingsJsonContext.Default.JsonElementArray)!
                    .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())
                : trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return ToArray(items.Select(i => ConvertText(i, elementType)), elementType);
        }

        throw new InvalidCastException($"settings of type {type.Name} are not supported");
    }

    private static Dictionary<string, int?> ParsePairs(string text)
    {
        // NAME=RANK,NAME=null: the --set form of PLUGINS-style rank tables.
        var result = new Dictionary<string, int?>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"'{pair}' is not NAME=RANK (or use a JSON object)");
            }

            result[pair[..equals].Trim()] = (int?)ConvertText(pair[(equals + 1)..], typeof(int?), acceptsNull: true);
        }

        return result;
    }

    private static Array ToArray(IEnumerable<object?> items, Type elementType)
    {
        var list = items.ToList();
        var array = Array.CreateInstance(elementType, list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            array.SetValue(list[i], i);
        }

        return array;
    }

    private static bool IsNullWord(string text) =>
        text.Equals("null", StringComparison.OrdinalIgnoreCase) || text.Equals("None", StringComparison.Ordinal);

    private static Dictionary<string, int?> Merge(this Dictionary<string, int?> target, Dictionary<string, int?> source)
    {
        foreach (var (name, rank) in source)
        {
            target[name] = rank;
        }

        return target;
    }
}
