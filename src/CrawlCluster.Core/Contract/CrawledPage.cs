using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>
/// One crawled page as published on <c>&lt;prefix&gt;.crawled_firehose</c> (CONTRACT.md Part B §2.9). The original
/// writes it with sorted keys; use <see cref="Json.WireJson"/> with <c>sortKeys</c> for byte compatibility.
/// </summary>
internal sealed record CrawledPage
{
    /// <summary>The application that asked for the crawl.</summary>
    [JsonPropertyName("appid")]
    public required string AppId { get; set; }

    /// <summary>The crawl request's <c>attrs</c>, passed through (null when none).</summary>
    [JsonPropertyName("attrs")]
    public JsonNode? Attrs { get; set; }

    /// <summary>The body: text, or base64 when <c>KAFKA_BASE_64_ENCODE</c> is on.</summary>
    [JsonPropertyName("body")]
    public required string Body { get; set; }

    /// <summary><c>base64</c> when the body is base64 of bytes that were not valid in their encoding; absent otherwise.</summary>
    [JsonPropertyName("body_encoding"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BodyEncoding { get; set; }

    /// <summary>The crawl identifier.</summary>
    [JsonPropertyName("crawlid")]
    public required string CrawlId { get; set; }

    /// <summary>The response's character encoding name.</summary>
    [JsonPropertyName("encoding"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Encoding { get; set; }

    /// <summary>The links found (empty at maximum depth).</summary>
    [JsonPropertyName("links"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<CrawledLink>? Links { get; set; }

    /// <summary>Headers sent, <c>{name: [values]}</c> (older versions wrote single strings).</summary>
    [JsonPropertyName("request_headers"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? RequestHeaders { get; set; }

    /// <summary>Headers received, <c>{name: [values]}</c>.</summary>
    [JsonPropertyName("response_headers"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? ResponseHeaders { get; set; }

    /// <summary>The URL of the final response.</summary>
    [JsonPropertyName("response_url")]
    public required string ResponseUrl { get; set; }

    /// <summary>The HTTP status.</summary>
    [JsonPropertyName("status_code")]
    public int StatusCode { get; set; }

    /// <summary>Always <c>OK</c> in the original, whatever the status.</summary>
    [JsonPropertyName("status_msg")]
    public string StatusMsg { get; set; } = "OK";

    /// <summary>Naive UTC ISO-8601 with microseconds, e.g. <c>2016-01-05T20:14:54.653703</c>.</summary>
    [JsonPropertyName("timestamp")]
    public required string Timestamp { get; set; }

    /// <summary>The request URL (after redirects).</summary>
    [JsonPropertyName("url")]
    public required string Url { get; set; }

    /// <summary>Fields added by later versions or other producers.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
