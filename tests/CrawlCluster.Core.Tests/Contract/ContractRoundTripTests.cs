using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Json;

namespace CrawlCluster.Core.Tests.Contract;

[Trait("Kind", "Unit")]
public sealed class ContractRoundTripTests
{
    private static readonly Dictionary<string, JsonTypeInfo> Types = new()
    {
        [nameof(CrawlRequest)] = ContractJsonContext.Default.CrawlRequest,
        [nameof(CrawledPage)] = ContractJsonContext.Default.CrawledPage,
        [nameof(ActionRequest)] = ContractJsonContext.Default.ActionRequest,
        [nameof(StatsRequest)] = ContractJsonContext.Default.StatsRequest,
        [nameof(DomainConfigRequest)] = ContractJsonContext.Default.DomainConfigRequest,
        [nameof(DomainConfigAnswer)] = ContractJsonContext.Default.DomainConfigAnswer,
        [nameof(CrawlInfoAnswer)] = ContractJsonContext.Default.CrawlInfoAnswer,
        [nameof(AppInfoAnswer)] = ContractJsonContext.Default.AppInfoAnswer,
        [nameof(StopAnswer)] = ContractJsonContext.Default.StopAnswer,
        [nameof(ExpiredNotice)] = ContractJsonContext.Default.ExpiredNotice,
        [nameof(StatsAnswer)] = ContractJsonContext.Default.StatsAnswer,
        [nameof(RestEnvelope)] = ContractJsonContext.Default.RestEnvelope,
        [nameof(RestIndex)] = ContractJsonContext.Default.RestIndex,
    };

    public static TheoryData<int, string, string> SeedExamples()
    {
        var data = new TheoryData<int, string, string>();
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contract", "SeedExamples.json")))!;
        var index = 0;
        foreach (var example in document["examples"]!.AsArray())
        {
            data.Add(index++, example!["type"]!.GetValue<string>(), example["json"]!.ToJsonString());
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
    public void SeedExamples_CoverEveryContractType()
    {
        var covered = SeedExamples().Select(row => (string)row[1]).ToHashSet();

        Assert.Equal(Types.Keys.Order(), covered.Order());
    }

    [Fact]
    public void QueueMember_FromContract_RoundTripsByteForByte()
    {
        // CONTRACT.md Part B §1.4: the member the Kafka Monitor writes for a minimal crawl request.
        const string member = """{"url":"http:\/\/dmoztools.net","appid":"testapp","crawlid":"abc123","spiderid":"link","priority":1,"maxdepth":0,"domain_max_pages":null,"allowed_domains":null,"allow_regex":null,"deny_regex":null,"deny_extensions":null,"expires":0,"useragent":null,"cookie":null,"attrs":null,"ts":1617812345.1234567}""";

        var request = JsonSerializer.Deserialize(member, ContractJsonContext.Default.CrawlRequest)!;

        Assert.Equal("http://dmoztools.net", request.Url);
        Assert.Equal("link", request.SpiderId);
        Assert.Equal(member, WireJson.Serialize(request, ContractJsonContext.Default.CrawlRequest, WireJsonStyle.Ujson));
    }

    [Fact]
    public void CrawlRequest_MinimalInput_GetsEverySchemaDefault()
    {
        var request = JsonSerializer.Deserialize("""{"url":"http://a.com","appid":"app","crawlid":"c1"}""", ContractJsonContext.Default.CrawlRequest)!;

        Assert.Equal(("link", 1, 0, 0L), (request.SpiderId, request.Priority, request.MaxDepth, request.Expires));
        Assert.Null(request.DomainMaxPages);
        Assert.Null(request.Ts);
    }

    [Fact]
    public void CrawlRequest_UnknownFields_ArePassedThrough()
    {
        var request = JsonSerializer.Deserialize("""{"url":"u","appid":"app","crawlid":"c","headers":{"X":"1"}}""", ContractJsonContext.Default.CrawlRequest)!;

        var written = JsonSerializer.SerializeToNode(request, ContractJsonContext.Default.CrawlRequest)!;

        Assert.Equal("1", written["headers"]!["X"]!.GetValue<string>());
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

    [Theory]
    [InlineData(0.9, """{"domain":"dmoz.org","uuid":"abc123","hits":60,"scale":0.9,"window":60}""")]
    [InlineData(1.0, """{"domain":"dmoz.org","uuid":"abc123","hits":60,"scale":1.0,"window":60}""")]
    public void DomainConfigJob_DomainUpdate_HasTheOriginalFieldOrder(double scale, string expected)
    {
        var job = new DomainConfigJob { Domain = "dmoz.org", Uuid = "abc123", Hits = 60, Scale = scale, Window = 60 };

        Assert.Equal(expected, WireJson.Serialize(job, ContractJsonContext.Default.DomainConfigJob, WireJsonStyle.Ujson));
    }

    [Fact]
    public void DomainConfigJob_OtherActions_OnlyDomainAndUuid() =>
        Assert.Equal("""{"domain":"ebay.com","uuid":"u1"}""",
            WireJson.Serialize(new DomainConfigJob { Domain = "ebay.com", Uuid = "u1" }, ContractJsonContext.Default.DomainConfigJob, WireJsonStyle.Ujson));

    [Fact]
    public void RestEnvelope_Failure_PythonStyle()
    {
        var envelope = new RestEnvelope { Status = RestEnvelope.Failure, Error = new RestError { Message = "Could not find matching poll_id" } };

        Assert.Equal("""{"status": "FAILURE", "data": null, "error": {"message": "Could not find matching poll_id"}}""",
            WireJson.Serialize(envelope, ContractJsonContext.Default.RestEnvelope, WireJsonStyle.Python));
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
