using System.Text;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Contract;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Pipelines;
using CrawlCluster.Crawler.Requests;

namespace CrawlCluster.Crawler.Tests.Pipelines;

/// <summary>The crawled-page message as the bus publish stage writes it, byte for byte (CrawledPage on the live path).</summary>
[Trait("Kind", "Unit")]
public sealed class CrawledPageMessageTests
{
    private static readonly DateTimeOffset At = new(2016, 1, 5, 20, 14, 54, 653, 703, TimeSpan.Zero);

    [Fact]
    public void Build_WritesTheOriginalsSortedUjsonShape()
    {
        var task = CrawlTask.FromMember("""{"url":"http://dumb.com","appid":"app","crawlid":"crawlid","attrs":{"a":1}}""");

        var text = CrawledPageMessage.Build(task, Response("text"u8.ToArray()), "utf-8", [new CrawledLink("http://dumb.com/x", "x")], base64Body: false, At);

        Assert.Equal("""{"appid":"app","attrs":{"a":1},"body":"text","crawlid":"crawlid","encoding":"utf-8","links":[{"text":"x","url":"http:\/\/dumb.com\/x"}],"request_headers":{"User-Agent":["UA\/1.0 (+http:\/\/a.b\/bot)"]},"response_headers":{"Content-Type":["text\/html"]},"response_url":"http:\/\/dumb.com\/","status_code":200,"status_msg":"OK","timestamp":"2016-01-05T20:14:54.653703","url":"http:\/\/dumb.com\/"}""", text);
    }

    [Fact]
    public void Build_BodyNotValidInItsEncoding_IsBase64_SaidByBodyEncoding()
    {
        var task = CrawlTask.FromMember("""{"url":"http://dumb.com","appid":"app","crawlid":"c"}""");
        byte[] bytes = [0x66, 0xff, 0xfe, 0x6f];

        var message = JsonNode.Parse(CrawledPageMessage.Build(task, Response(bytes), "utf-8", [], base64Body: false, At))!;

        Assert.Equal("base64", message["body_encoding"]!.GetValue<string>());
        Assert.Equal(bytes, Convert.FromBase64String(message["body"]!.GetValue<string>()));
    }

    [Fact]
    public void Build_FieldsAPipelineAdded_GoBesideTheOriginals_NeverOverThem()
    {
        var task = CrawlTask.FromMember("""{"url":"http://dumb.com","appid":"app","crawlid":"c"}""");
        var item = new CrawledItem(task, Response(Encoding.UTF8.GetBytes("body")), "utf-8", [], null)
        {
            Fields = new JsonObject { ["word_count"] = 1, ["appid"] = "forged" },
        };

        var message = JsonNode.Parse(CrawledPageMessage.Build(item, base64Body: false, At))!;

        Assert.Equal(1, message["word_count"]!.GetValue<int>());
        Assert.Equal("app", message["appid"]!.GetValue<string>());
        Assert.Null(message["body_encoding"]);
    }

    [Fact]
    public void ToMember_IsTheScrapyRequestDictTheOriginalsCrawlersRead()
    {
        var seed = CrawlTask.FromMember("""{"url":"http://a.com","appid":"app","crawlid":"c1","priority":5,"maxdepth":1}""");

        var member = seed.Child("http://a.com/x").ToMember();

        Assert.Equal("""{"url":"http:\/\/a.com\/x","callback":"parse","errback":null,"method":"GET","headers":{},"body":"","cookies":{},"meta":{"url":"http:\/\/a.com","appid":"app","crawlid":"c1","priority":-5,"maxdepth":1,"curdepth":1,"retry_times":0},"_encoding":"utf-8","priority":0,"dont_filter":false,"flags":[]}""", member);
    }

    [Fact]
    public void Ids_AreReadAgain_WhenAComponentChangesTheMeta()
    {
        var task = CrawlTask.FromMember("""{"url":"http://a.com","appid":"app","crawlid":"c1"}""");
        Assert.Equal(("app", "c1", "link"), (task.AppId, task.CrawlId, task.SpiderId));

        task.Meta["crawlid"] = "c2";
        task.Meta["spiderid"] = "wandering";
        task.Meta.Remove("appid");

        Assert.Equal(("", "c2", "wandering"), (task.AppId, task.CrawlId, task.SpiderId));
    }

    [Theory]
    [InlineData("""{"url":"http://a.com","appid":"app","crawlid":"c1","priority":5,"maxdepth":1}""", null)]
    [InlineData("""{"url":"http://a.com/\u00e9?q=\"1\"&r=<\/x>","appid":"a\"pp","crawlid":"c/1","useragent":"UA \u2603","attrs":{"z":[1,2.5,{"b":null,"a":true}],"a":"\u2028"},"expires":1.5e9}""", null)]
    [InlineData("""{"url":"http://a.com/x","headers":{"User-Agent":["UA"],"X":["1","2"]},"meta":{"appid":"app","crawlid":"c","retry_times":2,"cookie":"a=b"},"dont_filter":true}""", "retry")]
    public void ToMember_WrittenDirectly_IsByteForByteWhatTheSerializerGives(string member, string? how)
    {
        var task = CrawlTask.FromMember(member);
        var written = how == "retry" ? task.Retry() : task.Child("http://a.com/child?\u00e9=1");

        Assert.Equal(written.ToMemberThroughTheSerializer(), written.ToMember());
        Assert.Equal(task.ToMemberThroughTheSerializer(), task.ToMember());
    }

    [Theory]
    [InlineData("""{"url":"http://dumb.com","appid":"app","crawlid":"c"}""", "plain", false)]
    [InlineData("""{"url":"http://dumb.com","appid":"a\"pp","crawlid":"c/1","attrs":{"z":[1,2.5,{"b":null,"a":true}],"a":"\u00e9\u2028"}}""", "é <a href=\"/x\">\n\t\u0001 \u2603 </script>", false)]
    [InlineData("""{"url":"http://dumb.com","appid":"app","crawlid":"c","attrs":null}""", "raw", true)]
    public void Build_WrittenDirectly_IsByteForByteWhatTheNodeTreeGives(string member, string body, bool base64)
    {
        var task = CrawlTask.FromMember(member);
        var response = new DownloadResult(new Uri("http://dumb.com/a?b=c&d=é"), new Uri("http://dumb.com/final"), 201, "Created",
            new Dictionary<string, string[]> { ["X-b"] = ["2", "1"], ["Content-Type"] = ["text/html; charset=\"utf-8\""], ["A"] = [] },
            new Dictionary<string, string[]> { ["User-Agent"] = ["UA/1.0"], ["Accept"] = ["*/*"] }, Encoding.UTF8.GetBytes(body), []);
        CrawledLink[] links = [new("http://dumb.com/x", "x"), new("http://dumb.com/\u00e9?q=\"1\"", " two\nlines ")];

        var direct = CrawledPageMessage.Build(task, response, "utf-8", links, base64, At);
        var throughNode = CrawledPageMessage.ThroughNode(task, response, "utf-8", links, base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(body)) : body, null,
            task.Meta["attrs"], CrawledPageMessage.Timestamp(At), fields: null);

        Assert.Equal(throughNode, direct);
        Assert.NotNull(JsonNode.Parse(direct));
    }

    private static DownloadResult Response(byte[] body) => new(new Uri("http://dumb.com/"), new Uri("http://dumb.com/"), 200, "OK",
        new Dictionary<string, string[]> { ["Content-Type"] = ["text/html"] }, new Dictionary<string, string[]> { ["User-Agent"] = ["UA/1.0 (+http://a.b/bot)"] },
        body, []);
}
