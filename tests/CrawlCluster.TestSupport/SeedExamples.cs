using System.Text.Json.Nodes;

namespace CrawlCluster.TestSupport;

/// <summary>
/// The JSON examples of the seed documentation (tests/CrawlCluster.Core.Tests/Contract/SeedExamples.json, copied beside
/// the test assembly by each project that links it), by contract type.
/// </summary>
public static class SeedExamples
{
    private static readonly string[] RequestTypes = ["CrawlRequest", "ActionRequest", "StatsRequest", "DomainConfigRequest"];

    /// <summary>Every crawl, action, stats and domain-config request example, in document order.</summary>
    public static IReadOnlyList<JsonObject> Requests(string fileName = "SeedExamples.json")
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, fileName)))!;
        return [.. document["examples"]!.AsArray()
            .Where(e => RequestTypes.Contains(e!["type"]!.GetValue<string>()))
            .Select(e => (JsonObject)e!["json"]!.DeepClone())];
    }
}
