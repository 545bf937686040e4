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

    [Theory]
    [InlineData("""["^https?://a\\.com/", "(a+)+$", "(?P<year>\\d{4})"]""")]
    [InlineData("""[]""")]
    public async Task Scraper_AcceptsPatternsTheCrawlerCanRun(string patterns) =>
        Assert.Empty((await Schema("scraper")).Validate(RequestSchema.ParseForValidation(
            $$"""{"url":"u","appid":"app","crawlid":"c","allow_regex":{{patterns}},"deny_regex":{{patterns}}}""")));

    [Theory]
    [InlineData("deny_regex", "[", "deny_regex '[' cannot be used: Invalid pattern '[' at offset 1")]
    [InlineData("allow_regex", "(unclosed", "allow_regex '(unclosed' cannot be used: ")]
    [InlineData("deny_regex", "/(?!private)", "deny_regex '/(?!private)' cannot be used: link patterns are matched in linear time, which rules out 'negative lookahead")]
    [InlineData("deny_regex", "((a{100}){100}){100}", "deny_regex '((a{100}){100}){100}' cannot be used: link patterns are matched in linear time: ")]
    [InlineData("allow_regex", "(a)\\1", "allow_regex '(a)\\1' cannot be used: link patterns are matched in linear time, which rules out 'backreference")]
    public async Task Scraper_RefusesAPatternTheCrawlerCannotRun_NamingItAndWhy(string field, string pattern, string error)
    {
        var request = $$"""{"url":"u","appid":"app","crawlid":"c","{{field}}":["ok", {{System.Text.Json.JsonSerializer.Serialize(pattern)}}]}""";

        var errors = (await Schema("scraper")).Validate(RequestSchema.ParseForValidation(request));

        Assert.StartsWith(error, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scraper_RefusingAHugePattern_QuotesOnlyItsStart()
    {
        var pattern = "(" + new string('a', 100_000);

        var error = Assert.Single((await Schema("scraper")).Validate(RequestSchema.ParseForValidation(
            $$"""{"url":"u","appid":"app","crawlid":"c","deny_regex":["{{pattern}}"]}""")));

        Assert.StartsWith($"deny_regex '({new string('a', 79)}…' cannot be used: ", error, StringComparison.Ordinal);
        Assert.True(error.Length < 400, error);
    }

    [Fact]
    public async Task APluginsOwnSchema_CanMarkAStringAsAPattern()
    {
        var schema = await RequestSchema.ParseAsync("""
            {"type": "object", "properties": {"filter": {"type": "object", "properties": {"match": {"type": "string", "format": "regex"}}}}}
            """);

        Assert.Empty(schema.Validate(RequestSchema.ParseForValidation("""{"filter": {"match": "^https://"}}""")));
        Assert.StartsWith("filter.match '(?<=a)b' cannot be used: link patterns are matched in linear time",
            Assert.Single(schema.Validate(RequestSchema.ParseForValidation("""{"filter": {"match": "(?<=a)b"}}"""))), StringComparison.Ordinal);
    }

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
