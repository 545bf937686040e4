using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Json;

/// <summary>
/// Writes a <see cref="double"/> as Python does: shortest round-trip digits, and <c>1.0</c> rather than <c>1</c> for
/// whole values, so that <c>"scale": 1.0</c> survives a trip through our types unchanged.
/// </summary>
internal sealed class PythonFloatConverter : JsonConverter<double>
{
    /// <inheritdoc/>
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (!double.IsFinite(value))
        {
            throw new JsonException($"{value} cannot be written as JSON");
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (value == Math.Floor(value) && !text.Contains('E', StringComparison.Ordinal))
        {
            text += ".0";
        }

        writer.WriteRawValue(text, skipInputValidation: true);
    }
}
