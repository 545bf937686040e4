using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Requests;
using CrawlCluster.Crawler.Spiders;

namespace CrawlCluster.Crawler.Tests.Spiders;

[Trait("Kind", "Unit")]
public sealed class SpiderTests
{
    private const string Page = """<a href="/a">a</a><a href="/b">b</a><a href="/c">c</a>""";

    [Fact]
    public void LinkSpider_FollowsEveryLinkOneLevelDeeper_AtPriorityMinus10_UntilMaxDepth()
    {
        var seed = Seed("""{"url":"http://s.test/","appid":"app","crawlid":"c","spiderid":"link","priority":5,"maxdepth":1,"useragent":"Bot/1"}""");

        var output = new LinkSpider().Parse(Response(seed));
        var deeper = new LinkSpider().Parse(Response(output.Requests[0]));

        Assert.Equal(["http://s.test/a", "http://s.test/b", "http://s.test/c"], output.Requests.Select(r => r.Url));
        Assert.All(output.Requests, r => Assert.Equal((-5, 1, "app"), (r.Priority, r.CurrentDepth, r.AppId)));
        Assert.Equal("Bot/1", output.Requests[0].Headers["User-Agent"]![0]!.GetValue<string>());
        Assert.Equal(3, output.Links.Count);
        Assert.Empty(deeper.Requests);
        Assert.Empty(deeper.Links);
    }

    [Fact]
    public void WanderingSpider_FollowsOneRandomLink_CountingSteps_WhateverTheDepth()
    {
        var seed = Seed("""{"url":"http://s.test/","appid":"app","crawlid":"c","spiderid":"wandering","priority":5,"maxdepth":0,"attrs":{"keep":1}}""");

        var output = new WanderingSpider().Parse(Response(seed));
        var next = Assert.Single(output.Requests);
        var after = new WanderingSpider().Parse(Response(next));

        Assert.Contains(next.Url, new[] { "http://s.test/a", "http://s.test/b", "http://s.test/c" });
        Assert.Equal((5, 0, 1), (next.Priority, next.CurrentDepth, (int)next.Meta["step"]!));
        Assert.Empty(output.Links);
        Assert.Equal(0, (int)output.Attrs!["step"]!);
        Assert.Equal(1, (int)output.Attrs["keep"]!);
        Assert.Equal(1, (int)after.Attrs!["step"]!);
        Assert.Equal(2, (int)Assert.Single(after.Requests).Meta["step"]!);
    }

    [Fact]
    public void UnusableRegex_FollowsNothing_AndSaysWhy()
    {
        var seed = Seed("""{"url":"http://s.test/","appid":"app","crawlid":"c","maxdepth":1,"deny_regex":["(?<=x)\\1"]}""");

        var output = new LinkSpider().Parse(Response(seed));

        Assert.Empty(output.Requests);
        Assert.StartsWith("deny_regex", output.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void SpiderFromSpiderDir_IsFoundByName_AndParses()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "example-spiders");

        var available = CrawlCluster.Crawler.Spiders.Spiders.Available(directory);
        var title = Assert.Single(available, s => s.Name == "title");
        var seed = Seed("""{"url":"http://s.test/","appid":"app","crawlid":"c","spiderid":"title","maxdepth":1}""");
        var output = title.Parse(new SpiderResponse(seed, Response(seed).Download, "<title> Hello </title>" + Page, "utf-8"));

        Assert.Equal(["link", "wandering", "title"], available.Select(s => s.Name));
        Assert.Equal("Hello", (string?)output.Attrs!["title"]);
        Assert.Equal(3, output.Requests.Count);
        Assert.Same(CrawlCluster.Crawler.Spiders.Spiders.BuiltIn, CrawlCluster.Crawler.Spiders.Spiders.Available(null));
    }

    private static CrawlTask Seed(string member) => CrawlTask.FromMember(member);

    private static SpiderResponse Response(CrawlTask request)
    {
        var url = new Uri(request.Url);
        return new SpiderResponse(request, new DownloadResult(url, url, 200, "OK", new Dictionary<string, string[]>(), new Dictionary<string, string[]>(), [], []), Page, "utf-8");
    }
}
