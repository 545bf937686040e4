using System.Text.Json.Nodes;
using CrawlCluster.Core.Domains;
using CrawlCluster.Core.Json;
using CrawlCluster.Core.Frontier;
using StackExchange.Redis;

namespace CrawlCluster.TestSupport;

/// <summary>The request examples of the seed documentation and the store writes CONTRACT.md Part B §1.4 expects of them.</summary>
public static class SeedStoreWrites
{
    /// <summary>The scraper schema's defaults in schema order.</summary>
    private static readonly (string Name, JsonNode? Value)[] CrawlDefaults =
    [
        ("spiderid", "link"), ("priority", 1), ("maxdepth", 0), ("domain_max_pages", null), ("allowed_domains", null),
        ("allow_regex", null), ("deny_regex", null), ("deny_extensions", null), ("expires", 0), ("useragent", null),
        ("cookie", null), ("attrs", null),
    ];

    public static Expected ExpectedKeys(IEnumerable<JsonObject> examples)
    {
        // A key written by several examples holds one of their values: the bus keeps order only within a partition.
        var strings = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Set(string key, string value)
        {
            if (!strings.TryGetValue(key, out var values))
            {
                strings[key] = values = new HashSet<string>(StringComparer.Ordinal);
            }

            values.Add(value);
        }

        var queues = new List<(string Key, JsonObject Fields, int Priority)>();
        foreach (var example in examples)
        {
            string Text(string name) => example[name]!.GetValue<string>();
            if (example.ContainsKey("url"))
            {
                var fields = (JsonObject)example.DeepClone();
                foreach (var (name, value) in CrawlDefaults)
                {
                    if (!fields.ContainsKey(name))
                    {
                        fields[name] = value?.DeepClone();
                    }
                }

                var spider = fields["spiderid"]!.GetValue<string>();
                queues.Add(($"{spider}:{DomainExtractor.Default.KeyOf(Text("url"))}:queue", fields, fields["priority"]!.GetValue<int>()));
                if (fields["expires"]!.ToJsonString() != "0")
                {
                    Set($"timeout:{spider}:{Text("appid")}:{Text("crawlid")}", fields["expires"]!.ToJsonString());
                }
            }
            else if (example.ContainsKey("spiderid"))
            {
                var crawl = example.ContainsKey("crawlid") ? ":" + Text("crawlid") : "";
                Set($"{Text("action")}:{Text("spiderid")}:{Text("appid")}{crawl}", Text("uuid"));
            }
            else if (example.ContainsKey("domain"))
            {
                var value = new JsonObject { ["domain"] = Text("domain"), ["uuid"] = Text("uuid") };
                if (Text("action") == "domain-update")
                {
                    value["hits"] = example["hits"]!.DeepClone();
                    value["scale"] = example["scale"]!.DeepClone();
                    value["window"] = example["window"]!.DeepClone();
                }

                Set($"zk:{Text("action")}:{Text("domain")}:{Text("appid")}", WireJson.Serialize(value, WireJsonStyle.Ujson));
            }
            else
            {
                var stats = example.ContainsKey("stats") ? Text("stats") : "all";
                Set($"statsrequest:{stats}:{Text("appid")}", Text("uuid"));
            }
        }

        return new Expected(strings, queues);
    }

    /// <summary>
    /// How the store differs from what the Kafka Monitor must have written for <paramref name="examples"/>: every
    /// expected string key holds one of its expected values; every crawl request is queued once, its member the
    /// request's fields, then the defaults in schema order, then <c>ts</c>, written by ujson, under its priority.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DifferencesAsync(IDatabase db, IEnumerable<JsonObject> examples)
    {
        ArgumentNullException.ThrowIfNull(db);
        var expected = ExpectedKeys(examples);
        var differences = new List<string>();
        foreach (var (key, values) in expected.Strings)
        {
            var value = (string?)await db.StringGetAsync(key).ConfigureAwait(false);
            if (value is null || !values.Contains(value))
            {
                differences.Add($"{key} = {value ?? "(missing)"}, expected one of {string.Join(" | ", values)}");
            }
        }

        foreach (var (key, fields, priority) in expected.Queues)
        {
            var crawlId = fields["crawlid"]!.GetValue<string>();
            var prefix = WireJson.Serialize(fields, WireJsonStyle.Ujson)[..^1] + ",\"ts\":";
            var entries = (await db.SortedSetRangeByRankWithScoresAsync(key).ConfigureAwait(false))
                .Where(e => JsonNode.Parse((string)e.Element!)!["crawlid"]!.GetValue<string>() == crawlId).ToList();
            if (entries.Count != 1)
            {
                differences.Add($"{key}: {entries.Count} members of crawl {crawlId}, expected 1");
            }
            else if (!((string)entries[0].Element!).StartsWith(prefix, StringComparison.Ordinal))
            {
                differences.Add($"{key}: member {entries[0].Element}, expected it to start with {prefix}");
            }
            else if (QueueScore.PriorityOf(entries[0].Score) != priority)
            {
                differences.Add($"{key}: score {entries[0].Score} is not priority {priority}");
            }
        }

        return differences;
    }

    public sealed record Expected(IReadOnlyDictionary<string, HashSet<string>> Strings, IReadOnlyList<(string Key, JsonObject Fields, int Priority)> Queues);
}
