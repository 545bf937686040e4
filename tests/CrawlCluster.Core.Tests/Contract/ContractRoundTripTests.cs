using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Json;

namespace CrawlCluster.Core.Tests.Contract;

[Trait("Kind", "Unit")]
public sealed class ContractRoundTripTests
{
    // The typed wire records; the seed documents' other examples (requests, answers) are checked where they are
    // handled, against what is actually sent.
    private static readonly Dictionary<string, JsonTypeInfo> Types = new()
    {
        [nameof(CrawledPage)] = ContractJsonContext.Default.CrawledPage,
        [nameof(SerializedRequest)] = ContractJsonContext.Default.SerializedRequest,
    };

    public static TheoryData<int, string, string> SeedExamples()
    {
        var data = new TheoryData<int, string, string>();
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contract", "SeedExamples.json")))!;
        var index = 0;
        foreach (var example in document["examples"]!.AsArray())
        {
            var type = example!["type"]!.GetValue<string>();
            if (Types.ContainsKey(type))
            {
                data.Add(index, type, example["json"]!.ToJsonString());
            }

            index++;
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SeedExamples))]
    public void SeedExample_ParsesAndSerializesBack_WithoutLosingAField(int index, string type, string json)
    {
        var typeInfo = Types[type];

        var value = JsonSerializer.Deserialize(json, typeInfo);
        var written = JsonSerializer.SerializeToNode(value, typeInfo);

        Assert.True(index >= 0);
        Assert.Null(JsonSubset.FirstDifference(JsonNode.Parse(json), written));
    }

    [Fact]
    public void SeedExamples_CoverEveryTypedWireRecord()
    {
        var covered = SeedExamples().Select(row => (string)row[1]).ToHashSet();

        // The seed documents hold crawled pages; Scrapy request dicts are covered by the test below.
        Assert.Equal([nameof(CrawledPage)], covered);
    }

    [Fact]
    public void CrawledPage_FromContract_SortedUjsonShape()
    {
        var page = new CrawledPage
        {
            AppId = "app",
            Attrs = new JsonObject(),
            Body = "text",
            CrawlId = "crawlid",
            Encoding = "utf-8",
            Links = [],
            RequestHeaders = [],
            ResponseHeaders = [],
            ResponseUrl = "http://dumb.com",
            StatusCode = 200,
            Timestamp = "2016-01-05T20:14:54.653703",
            Url = "http://dumb.com",
        };

        var text = WireJson.Serialize(page, ContractJsonContext.Default.CrawledPage, WireJsonStyle.Ujson, sortKeys: true);

        Assert.Equal("""{"appid":"app","attrs":{},"body":"text","crawlid":"crawlid","encoding":"utf-8","links":[],"request_headers":{},"response_headers":{},"response_url":"http:\/\/dumb.com","status_code":200,"status_msg":"OK","timestamp":"2016-01-05T20:14:54.653703","url":"http:\/\/dumb.com"}""", text);
    }

    [Fact]
    public void SerializedRequest_WithMeta_KeepsClassAndMissingFlags()
    {
        const string member = """{"url":"http://a.com/x","callback":"parse","errback":null,"method":"GET","headers":{"Referer":["http://a.com/"]},"body":"","cookies":{},"meta":{"appid":"app","crawlid":"c1","priority":-9,"curdepth":1},"_encoding":"utf-8","priority":0,"dont_filter":false,"_class":"scrapy.http.request.Request"}""";

        var request = JsonSerializer.Deserialize(member, ContractJsonContext.Default.SerializedRequest)!;
        var written = JsonSerializer.SerializeToNode(request, ContractJsonContext.Default.SerializedRequest);

        Assert.Equal(-9, request.Meta["priority"]!.GetValue<int>());
        Assert.Null(request.Flags);
        Assert.Null(JsonSubset.FirstDifference(JsonNode.Parse(member), written));
    }
}
