using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CrawlCluster.Core.Contract;

/// <summary>One crawl's backlog inside an application-level info answer (CONTRACT.md Part B §4.3).</summary>
public sealed record CrawlBacklog
{
    /// <summary>The backlog per domain.</summary>
    [JsonPropertyName("domains")]
    public Dictionary<string, DomainBacklog> Domains { get; set; } = [];

    /// <summary>How many domains.</summary>
    [JsonPropertyName("distinct_domains")]
    public int DistinctDomains { get; set; }

    /// <summary>The expiry of the first queued request with one; an integer in the code, a string in the docs.</summary>
    [JsonPropertyName("expires"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonNode? Expires { get; set; }

    /// <summary>Requests queued.</summary>
    [JsonPropertyName("total")]
    public int Total { get; set; }
}
