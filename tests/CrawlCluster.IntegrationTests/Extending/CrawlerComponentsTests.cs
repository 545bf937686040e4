using System.Text.Json.Nodes;
using CrawlCluster.TestSupport;

namespace CrawlCluster.IntegrationTests.Extending;

/// <summary>
/// The example downloader middleware and item pipeline (examples/CrawlerComponents), loaded from SPIDER_DIR and ranked
/// in the chains by settings, as a user would, in a real crawl of the built executable.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class CrawlerComponentsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly string Components = Path.Combine(AppContext.BaseDirectory, "example-components");
    private readonly string _directory = Directory.CreateTempSubdirectory("cc-components-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ExampleMiddlewareAndPipeline_RunInTheirRankedPlaces_InACrawl()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/" => LocalHttpResponse.Html("""<p>one two three</p><a href="/next">next page</a>"""),
            "/next" => LocalHttpResponse.Html("<p>four five</p>"),
            _ => new LocalHttpResponse(404, []),
        });
        var output = Path.Combine(_directory, "pages.jsonl");

        await using var crawl = RunningProcess.StartCrawlCluster(new Dictionary<string, string> { ["X_REQUEST_TAG"] = "from-the-example" },
            "crawl", site.Url("/").AbsoluteUri, "--depth", "1", "--no-moderation", "--hits", "1000", "--out", output,
            "--set", $"SPIDER_DIR={Components}",
            "--set", """DOWNLOADER_MIDDLEWARES={"RequestTagMiddleware": 650}""",
            "--set", """ITEM_PIPELINES={"WordCountPipeline": 500}""");

        Assert.Equal(0, await crawl.WaitForExitAsync(Patience));
        var pages = (await File.ReadAllLinesAsync(output)).Select(line => JsonNode.Parse(line)!).ToDictionary(p => new Uri(p["url"]!.GetValue<string>()).AbsolutePath);
        Assert.Equal(5, pages["/"]!["word_count"]!.GetValue<int>());
        Assert.Equal(2, pages["/next"]!["word_count"]!.GetValue<int>());
        var fetched = site.Requests.Where(r => r.Path is "/" or "/next").ToList();
        Assert.Equal(2, fetched.Count);
        Assert.All(fetched, r => Assert.Equal("from-the-example", r.Headers["X-Request-Tag"]));
    }

    [Fact]
    public async Task ExamplePipeline_DropsPagesBelowItsMinimum_AndTheCrawlStillFinishes()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/" => LocalHttpResponse.Html("""<p>a page with enough words in it</p><a href="/short">short</a>"""),
            "/short" => LocalHttpResponse.Html("<p>tiny</p>"),
            _ => new LocalHttpResponse(404, []),
        });
        var output = Path.Combine(_directory, "kept.jsonl");

        await using var crawl = RunningProcess.StartCrawlCluster(null,
            "crawl", site.Url("/").AbsoluteUri, "--depth", "1", "--no-moderation", "--hits", "1000", "--out", output,
            "--set", $"SPIDER_DIR={Components}", "--set", """ITEM_PIPELINES={"WordCountPipeline": 500}""", "--set", "X_MIN_WORDS=3");

        Assert.Equal(0, await crawl.WaitForExitAsync(Patience));
        var page = JsonNode.Parse(Assert.Single(await File.ReadAllLinesAsync(output)))!;
        Assert.Equal("/", new Uri(page["url"]!.GetValue<string>()).AbsolutePath);
        Assert.Contains(site.Requests, r => r.Path == "/short");
    }

    [Fact]
    public async Task UnknownComponent_StopsTheCrawler_NamingItAndTheSetting_Exit2()
    {
        await using var crawl = RunningProcess.StartCrawlCluster(null, "crawl", "http://127.0.0.1:9/", "--out", Path.Combine(_directory, "none.jsonl"),
            "--set", """DOWNLOADER_MIDDLEWARES={"NoSuchMiddleware": 650}""");

        Assert.Equal(2, await crawl.WaitForExitAsync(Patience));
        Assert.Contains("DOWNLOADER_MIDDLEWARES names NoSuchMiddleware", crawl.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", crawl.AllText, StringComparison.Ordinal);
    }
}
