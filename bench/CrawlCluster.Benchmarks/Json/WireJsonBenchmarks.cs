using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Json;

namespace CrawlCluster.Benchmarks.Json;

/// <summary>The ujson-style encoder writes every crawled page; measured on a 10 KB and a 100 KB body.</summary>
[MemoryDiagnoser]
public class WireJsonBenchmarks
{
    private CrawledPage _page = null!;

    [Params(10_000, 100_000)]
    public int BodyBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // A deterministic HTML-like body: text, quotes and slashes in the proportions of a real page.
        var random = new Random(674386);
        var html = new System.Text.StringBuilder();
        while (html.Length < BodyBytes)
        {
            var n = random.Next(1000);
            html.Append($"<p class=\"para\">Some text of paragraph {n} with words and <a href=\"/section/page-{n}.html\">a link {n}</a>.</p>\n");
        }

        var body = html.ToString(0, BodyBytes);
        _page = new CrawledPage
        {
            AppId = "testapp",
            Body = body,
            CrawlId = "abc123",
            Encoding = "utf-8",
            Links = [.. Enumerable.Range(0, 20).Select(i => new CrawledLink($"http://example.com/page/{i}", $"link {i}"))],
            RequestHeaders = new JsonObject { ["User-Agent"] = new JsonArray("CrawlCluster/0.1") },
            ResponseHeaders = new JsonObject { ["Content-Type"] = new JsonArray("text/html; charset=utf-8") },
            ResponseUrl = "http://example.com/",
            StatusCode = 200,
            Timestamp = "2026-11-23T12:00:00.000000",
            Url = "http://example.com/",
        };
    }

    [Benchmark]
    public string BodyOnlyUjson() => WireJson.Serialize(JsonValue.Create(_page.Body), WireJsonStyle.Ujson);

    [Benchmark]
    public string CrawledPageSortedUjson() =>
        WireJson.Serialize(_page, ContractJsonContext.Default.CrawledPage, WireJsonStyle.Ujson, sortKeys: true);
}
