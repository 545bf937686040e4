using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using CrawlCluster.Core.Json;
using CrawlCluster.KafkaMonitor.Plugins;
using CrawlCluster.KafkaMonitor.Validation;

namespace CrawlCluster.Benchmarks.Ingest;

/// <summary>
/// The Kafka Monitor's CPU work per crawl request, step by step: parse, validate against the scraper schema, apply
/// defaults, and write the queue member.
/// </summary>
[MemoryDiagnoser]
public class RequestValidationBenchmarks
{
    private const string Request = """{"url":"http://site7.example.com/page/12345","appid":"benchapp","crawlid":"c7","maxdepth":1,"priority":5}""";
    private RequestSchema _schema = null!;
    private JsonObject _parsed = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _schema = await RequestSchema.ParseAsync(BuiltInSchemas.Read("scraper_schema.json"));
        _parsed = (JsonObject)JsonNode.Parse(Request)!;
    }

    [Benchmark]
    public JsonNode? ParseSystemTextJson() => JsonNode.Parse(Request);

    [Benchmark]
    public object ParseForValidation() => RequestSchema.ParseForValidation(Request);

    [Benchmark]
    public int Validate() => _schema.Validate(RequestSchema.ParseForValidation(Request)).Count;

    [Benchmark]
    public string DefaultsAndMember()
    {
        var body = (JsonObject)_parsed.DeepClone();
        _schema.ApplyDefaults(body);
        body["ts"] = 1764000000.123456;
        return WireJson.Serialize(body, WireJsonStyle.Ujson);
    }
}
