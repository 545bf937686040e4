using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Settings;

/// <summary>Source-generated JSON for structured setting values given as text.</summary>
[JsonSerializable(typeof(Dictionary<string, int?>))]
[JsonSerializable(typeof(JsonElement[]))]
internal sealed partial class SettingsJsonContext : JsonSerializerContext;
