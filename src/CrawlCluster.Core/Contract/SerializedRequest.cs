using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>
/// A follow-up request as the original's crawlers store it in a domain queue: Scrapy 1.5's <c>request_to_dict</c>
/// (CONTRACT.md Part B §2.4). Seeds from the Kafka Monitor are stored flat (the validated crawl request); a member
/// with <c>meta</c> is one of these.
/// </summary>
internal sealed record SerializedRequest
{
    /// <summary>The URL.</summary>
    [JsonPropertyName("url")]
    public required string Url { get; set; }

    /// <summary>The spider method to call, e.g. <c>parse</c>.</summary>
    [JsonPropertyName("callback")]
    public string? Callback { get; set; }

    /// <summary>The error method, if any.</summary>
    [JsonPropertyName("errback")]
    public string? Errback { get; set; }

    /// <summary>The HTTP method.</summary>
    [JsonPropertyName("method")]
    public string Method { get; set; } = "GET";

    /// <summary><c>{Name: [value, ...]}</c>.</summary>
    [JsonPropertyName("headers")]
    public JsonObject Headers { get; set; } = [];

    /// <summary>The body, usually empty.</summary>
    [JsonPropertyName("body")]
    public string Body { get; set; } = "";

    /// <summary>Cookies as an object or a list.</summary>
    [JsonPropertyName("cookies")]
    public JsonNode? Cookies { get; set; }

    /// <summary>The crawl's state carried from request to request: appid, crawlid, priority, curdepth, ...</summary>
    [JsonPropertyName("meta")]
    public JsonObject Meta { get; set; } = [];

    /// <summary>The body's encoding.</summary>
    [JsonPropertyName("_encoding")]
    public string Encoding { get; set; } = "utf-8";

    /// <summary>Scrapy's own priority, unused by the cluster.</summary>
    [JsonPropertyName("priority")]
    public int Priority { get; set; }

    /// <summary>Skip the dupefilter (retries set it).</summary>
    [JsonPropertyName("dont_filter")]
    public bool DontFilter { get; set; }

    /// <summary>Scrapy request flags; may be missing in older members.</summary>
    [JsonPropertyName("flags")]
    public JsonArray? Flags { get; set; }

    /// <summary>Fields such as <c>_class</c> that this version passes through untouched.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
