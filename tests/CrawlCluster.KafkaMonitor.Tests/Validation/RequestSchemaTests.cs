using System.Text.Json.Nodes;
using CrawlCluster.KafkaMonitor.Plugins;
using CrawlCluster.KafkaMonitor.Validation;

namespace CrawlCluster.KafkaMonitor.Tests.Validation;

/// <summary>Draft-4 semantics of the original's validator on the built-in schemas (CONTRACT.md Part B §1.2–1.3).</summary>
[Trait("Kind", "Unit")]
public sealed class RequestSchemaTests
{
    [Theory]
    [InlineData("""{"url":"http://a.com","appid":"app","crawlid":"c"}""")]
    [InlineData("""{"url":"","appid":"app","crawlid":"c"}""")]
    [InlineData("""{"url":"u","appid":"app","crawlid":"c","priority":100,"maxdepth":3,"domain_max_pages":2000,"expires":-5}""")]
    [InlineData("""{"url":"u","appid":"app","crawlid":"c","attrs":{"any":[1,{"x":null}]},"allowed_domains":["a.com","b.com"]}""")]
    [InlineData("""{"url":"u","appid":"\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00","crawlid":"c"}""")]
    [InlineData("""{"url":"u","appid":"app","crawlid":"c","useragent":"2020-01-01T00:00:00Z"}""")]
    public async Task Scraper_Accepts(string request) =>
        Assert.Empty((await Schema("scraper")).Validate(RequestSchema.ParseForValidation(request)));

    [Theory]
    [InlineData("""{"url":"u","appid":"ap","crawlid":"c"}""")]
    [InlineData("""{"url":"u","appid":"app","crawlid":""}""")]
    [InlineData("""{"appid":"app","crawlid":"c"}""")]
    [InlineData("""{"url":"u","appid":"app","crawlid":"c","priority":5.0}""")]
    [InlineData("""{"url":"u","appid":"app","crawlid":"c","priority":true}""")]
    [InlineData("""{"url":"u","appid":"app","crawlid":"c","priority":0}""")]
    [InlineData("""{"url":"u","appid":"app","crawlid":"c","maxdepth":4}""")]
    [InlineData("""{"url":"u","appid":"app","crawlid":"c","useragent":null}""")]
    [InlineData("""{"url":"u","appid":"app","crawlid":"c","domain_max_pages":null}""")]
    [InlineData("""{"url":"u","appid":"app","crawlid":"c","allowed_domains":["a.com","a.com"]}""")]
    [InlineData("""{"url":"u","appid":"app","crawlid":"c","allowed_domains":[1]}""")]
    [InlineData("""{"url":"u","appid":"app","crawlid":"c","extra":1}""")]
    [InlineData("""{"url":1,"appid":"app","crawlid":"c"}""")]
    [InlineData("""{"url":"u","appid":"\uD83D\uDE00\uD83D\uDE00","crawlid":"c"}""")]
    [InlineData("""{"url":"u","appid":"app","crawlid":"c","attrs":[]}""")]
    [InlineData("""[{"url":"u","appid":"app","crawlid":"c"}]""")]
    [InlineData("\"text\"")]
    public async Task Scraper_Refuses(string request) =>
        Assert.NotEmpty((await Schema("scraper")).Validate(RequestSchema.ParseForValidation(request)));

    [Fact]
    public async Task Defaults_FollowTheRequestsFields_InSchemaOrder_WithExplicitNulls()
    {
        var request = (JsonObject)JsonNode.Parse("""{"url":"http://dmoztools.net","appid":"testapp","crawlid":"abc123","maxdepth":2}""")!;

        (await Schema("scraper")).ApplyDefaults(request);

        Assert.Equal(
            """{"url":"http://dmoztools.net","appid":"testapp","crawlid":"abc123","maxdepth":2,"spiderid":"link","priority":1,"domain_max_pages":null,"allowed_domains":null,"allow_regex":null,"deny_regex":null,"deny_extensions":null,"expires":0,"useragent":null,"cookie":null,"attrs":null}""",
            request.ToJsonString());
    }

    [Theory]
    [InlineData("action", """{"uuid":"u1","appid":"app","spiderid":"link","action":"info"}""", true)]
    [InlineData("action", """{"uuid":"u1","appid":"app","spiderid":"link","crawlid":"c","action":"stop"}""", true)]
    [InlineData("action", """{"uuid":"u1","appid":"app","spiderid":"link","action":"pause"}""", false)]
    [InlineData("action", """{"uuid":"","appid":"app","spiderid":"link","action":"info"}""", false)]
    [InlineData("stats", """{"uuid":"u1","appid":"app"}""", true)]
    [InlineData("stats", """{"uuid":"u1","appid":"app","stats":"queue"}""", true)]
    [InlineData("stats", """{"uuid":"u1","appid":"app","stats":"queue","action":"info"}""", false)]
    [InlineData("zookeeper", """{"uuid":"u1","appid":"app","domain":"a.com","action":"domain-update","hits":60,"window":60,"scale":0.5}""", true)]
    [InlineData("zookeeper", """{"uuid":"u1","appid":"app","domain":"a.com","action":"domain-update","scale":1}""", true)]
    [InlineData("zookeeper", """{"uuid":"u1","appid":"app","domain":"a.com","action":"domain-update","scale":1.5}""", false)]
    [InlineData("zookeeper", """{"uuid":"u1","appid":"app","domain":"a.com","action":"domain-update","scale":false}""", false)]
    [InlineData("zookeeper", """{"uuid":"u1","appid":"app","domain":"a.com","action":"domain-update","hits":1.5}""", false)]
    public async Task OtherSchemas(string name, string request, bool valid) =>
        Assert.Equal(valid, (await Schema(name)).Validate(RequestSchema.ParseForValidation(request)).Count == 0);

    private static Task<RequestSchema> Schema(string name) => RequestSchema.ParseAsync(BuiltInSchemas.Read(name + "_schema.json"));
}
