using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>
/// A crawl request as the scraper schema validates it and as the Kafka Monitor stores it in a domain queue
/// (CONTRACT.md Part B §1.3–1.4): every schema default present, explicit nulls included, plus <c>ts</c>.
/// </summary>
public sealed record CrawlRequest
{
    /// <summary>The URL to crawl. Not validated by the schema: even the empty string passes.</summary>
    [JsonPropertyName("url")]
    public required string Url { get; set; }

    /// <summary>The submitting application (3..40 characters).</summary>
    [JsonPropertyName("appid")]
    public required string AppId { get; set; }

    /// <summary>The crawl's identifier (1..40 characters).</summary>
    [JsonPropertyName("crawlid")]
    public required string CrawlId { get; set; }

    /// <summary>The spider type that crawls it.</summary>
    /// <value>The default is <c>link</c>.</value>
    [JsonPropertyName("spiderid")]
    public string SpiderId { get; set; } = "link";

    /// <summary>1..100; higher pops first (the queue score is −priority).</summary>
    /// <value>The default is 1.</value>
    [JsonPropertyName("priority")]
    public int Priority { get; set; } = 1;

    /// <summary>How many link levels to follow beyond the seed (0..3).</summary>
    [JsonPropertyName("maxdepth")]
    public int MaxDepth { get; set; }

    /// <summary>Pages allowed per domain for this crawl (0..2000); null or 0 means no limit.</summary>
    [JsonPropertyName("domain_max_pages")]
    public int? DomainMaxPages { get; set; }

    /// <summary>Only follow links to these domains (and their subdomains); null follows everything.</summary>
    [JsonPropertyName("allowed_domains")]
    public string[]? AllowedDomains { get; set; }

    /// <summary>Only follow links matching one of these regexes.</summary>
    [JsonPropertyName("allow_regex")]
    public string[]? AllowRegex { get; set; }

    /// <summary>Never follow links matching one of these regexes.</summary>
    [JsonPropertyName("deny_regex")]
    public string[]? DenyRegex { get; set; }

    /// <summary>Path extensions never followed; null means the original's default list.</summary>
    [JsonPropertyName("deny_extensions")]
    public string[]? DenyExtensions { get; set; }

    /// <summary>Epoch seconds after which the crawl is stopped; 0 never expires.</summary>
    [JsonPropertyName("expires")]
    public long Expires { get; set; }

    /// <summary>The User-Agent header to send.</summary>
    [JsonPropertyName("useragent")]
    public string? UserAgent { get; set; }

    /// <summary>A cookie string (<c>a=1; b=2</c>) sent with every request of the crawl.</summary>
    [JsonPropertyName("cookie")]
    public string? Cookie { get; set; }

    /// <summary>Free-form data passed through to every crawled result.</summary>
    [JsonPropertyName("attrs")]
    public JsonNode? Attrs { get; set; }

    /// <summary>When the Kafka Monitor accepted it, float epoch seconds.</summary>
    [JsonPropertyName("ts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Ts { get; set; }

    /// <summary>Fields this version does not know, kept so that nothing is lost on the way through.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
