using CrawlCluster.Core.DomainConfig;

namespace CrawlCluster.Core.Tests.DomainConfig;

[Trait("Kind", "Unit")]
public sealed class DomainConfigYamlTests
{
    [Fact]
    public void Parse_TheOriginalsExample_KeepsBlacklistAndDomains()
    {
        // CONTRACT.md Part B §2.5.
        var config = DomainConfigYaml.Parse("blacklist:\n- example.com\ndomains:\n  dmoztools.net: {window: 60, hits: 60, scale: 1.0}\n");

        Assert.Equal(["example.com"], config.Blacklist);
        Assert.Equal(new DomainThrottle(60, 60, 1.0), config.Domains["dmoztools.net"]);
    }

    [Fact]
    public void Parse_DomainWithoutWindowOrHits_IsDropped_AsTheOriginalDid()
    {
        var config = DomainConfigYaml.Parse("domains:\n  a.com: {hits: 5}\n  b.com: {window: 10}\n  c.com: {window: 10, hits: 5}\n");

        Assert.Equal(["c.com"], config.Domains.Keys);
        Assert.Null(config.Domains["c.com"].Scale);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("~")]
    public void Parse_Empty_IsTheEmptyConfiguration(string text) => Assert.True(DomainConfigYaml.Parse(text).SameAs(ClusterDomainConfig.Empty));

    [Theory]
    [InlineData("blacklist: [unclosed")]
    [InlineData("- just\n- a list\n")]
    public void Parse_NotAConfiguration_IsAFormatError(string text) => Assert.Throws<FormatException>(() => DomainConfigYaml.Parse(text));

    [Fact]
    public void Write_MatchesPyYamlSafeDump_ForTheOriginalsExamples()
    {
        // CONTRACT.md Part B §4.7: the exact bytes the original's ZooKeeper plugin writes.
        Assert.Equal("blacklist:\n- bingo.com\ndomains: {}\n", DomainConfigYaml.Write(ClusterDomainConfig.Empty.WithBlacklisted("bingo.com")));
        Assert.Equal("blacklist: []\ndomains:\n  cnn.com:\n    hits: 15\n    scale: 0.9\n    window: 60\n",
            DomainConfigYaml.Write(ClusterDomainConfig.Empty.WithDomain("cnn.com", new DomainThrottle(60, 15, 0.9))));
        Assert.Equal("blacklist: []\ndomains:\n  a.com:\n    hits: 1\n    scale: 1.0\n    window: 5\n  b.com:\n    hits: 2\n    window: 6\n",
            DomainConfigYaml.Write(ClusterDomainConfig.Empty.WithDomain("b.com", new DomainThrottle(6, 2, null)).WithDomain("a.com", new DomainThrottle(5, 1, 1.0))));
    }

    [Fact]
    public void WriteThenParse_RoundTrips()
    {
        var config = ClusterDomainConfig.Empty.WithBlacklisted("x.com").WithBlacklisted("1.2.3.4.").WithBlacklisted("123")
            .WithDomain("dmoz.org", new DomainThrottle(60, 60, 0.9));

        Assert.True(DomainConfigYaml.Parse(DomainConfigYaml.Write(config)).SameAs(config));
    }

    [Fact]
    public void Actions_AreTheFourZookeeperApiActions()
    {
        var config = ClusterDomainConfig.Empty
            .WithDomain("a.com", new DomainThrottle(60, 10, null))
            .WithBlacklisted("b.com")
            .WithBlacklisted("b.com")
            .WithBlacklisted("c.com")
            .WithoutBlacklisted("c.com")
            .WithoutDomain("missing.com");

        Assert.Equal(["b.com"], config.Blacklist);
        Assert.Equal(["a.com"], config.Domains.Keys);
        Assert.Empty(config.WithoutDomain("a.com").Domains);
    }
}
