using CrawlCluster.Crawler.Robots;

namespace CrawlCluster.Crawler.Tests.Spiders;

/// <summary>RFC 9309 matching, with the RFC's own examples where it gives them.</summary>
[Trait("Kind", "Unit")]
public sealed class RobotsTxtTests
{
    private const string File = """
        # a comment
        User-Agent: ExampleBot
        Disallow: /example-only

        user-agent: *
        disallow: /private
        allow: /private/public
        Disallow: /*.gif$
        Disallow: /search*q=
        Crawl-delay: 2.5

        garbage line without colon
        """;

    [Theory]
    [InlineData("http://a.test/", "CrawlCluster/0.1", true)]
    [InlineData("http://a.test/private", "CrawlCluster/0.1", false)]
    [InlineData("http://a.test/private/x", "CrawlCluster/0.1", false)]
    [InlineData("http://a.test/private/public/x", "CrawlCluster/0.1", true)]
    [InlineData("http://a.test/img/a.gif", "CrawlCluster/0.1", false)]
    [InlineData("http://a.test/img/a.gif?x=1", "CrawlCluster/0.1", true)]
    [InlineData("http://a.test/search?x=1&q=2", "CrawlCluster/0.1", false)]
    [InlineData("http://a.test/example-only", "CrawlCluster/0.1", true)]
    [InlineData("http://a.test/example-only", "ExampleBot/2.0 (+http://example.com)", false)]
    [InlineData("http://a.test/private", "examplebot", true)]
    [InlineData("http://a.test/robots.txt", "CrawlCluster/0.1", true)]
    public void Allows_FollowsTheMostSpecificRuleOfTheAgentsGroup(string url, string userAgent, bool allowed) =>
        Assert.Equal(allowed, RobotsTxt.Parse(File).Allows(new Uri(url), userAgent));

    [Fact]
    public void EqualLengthRules_AllowWins_AndPercentEncodingIsComparedInUpperCase()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /page\nAllow: /page\nDisallow: /%7euser\n");

        Assert.True(robots.Allows(new Uri("http://a.test/page"), "bot"));
        Assert.False(robots.Allows(new Uri("http://a.test/%7Euser/x"), "bot"));
    }

    [Fact]
    public void CrawlDelay_IsReadPerGroup() =>
        Assert.Equal(TimeSpan.FromSeconds(2.5), RobotsTxt.Parse(File).CrawlDelay("CrawlCluster/0.1"));

    [Fact]
    public void DisallowAll_AndAllowAll()
    {
        Assert.False(RobotsTxt.DisallowAll.Allows(new Uri("http://a.test/x"), "bot"));
        Assert.True(RobotsTxt.AllowAll.Allows(new Uri("http://a.test/x"), "bot"));
        Assert.True(RobotsTxt.Parse("<html>not a robots file</html>").Allows(new Uri("http://a.test/x"), "bot"));
    }
}
