using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>
/// The answer to a stats request (CONTRACT.md Part B §4.6): the request's fields plus the sections for the asked
/// <c>stats</c> value (<c>spiders</c>, <c>machines</c>, <c>queues</c>, <c>nodes</c>, <c>plugins</c>, ...).
/// </summary>
public sealed record StatsAnswer
{
    /// <summary>Which stats were asked for.</summary>
    [JsonPropertyName("stats")]
    public required string Stats { get; set; }

    /// <summary>The application.</summary>
    [JsonPropertyName("appid")]
    public required string AppId { get; set; }

    /// <summary>The request's uuid.</summary>
    [JsonPropertyName("uuid")]
    public required string Uuid { get; set; }

    /// <summary>Epoch seconds when answered.</summary>
    [JsonPropertyName("server_time")]
    public long ServerTime { get; set; }

    /// <summary>The sections, by name, as the stats builders produce them.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement> Sections { get; set; } = [];
}
