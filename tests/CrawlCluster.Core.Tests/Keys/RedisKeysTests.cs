using CrawlCluster.Core.Keys;

namespace CrawlCluster.Core.Tests.Keys;

[Trait("Kind", "Unit")]
public sealed class RedisKeysTests
{
    [Fact]
    public void Keys_HaveTheOriginalShapes()
    {
        Assert.Equal("link:dmoztools.net:queue", RedisKeys.Queue("link", "dmoztools.net"));
        Assert.Equal("link:*:queue", RedisKeys.QueuePattern("link"));
        Assert.Equal("timeout:link:testapp:abc123", RedisKeys.Timeout("link", "testapp", "abc123"));
        Assert.Equal("info:link:testapp", RedisKeys.Action("info", "link", "testapp", null));
        Assert.Equal("stop:link:testapp:abc123", RedisKeys.Action("stop", "link", "testapp", "abc123"));
        Assert.Equal("statsrequest:crawler:testapp", RedisKeys.StatsRequest("crawler", "testapp"));
        Assert.Equal("zk:domain-update:dmoz.org:testapp", RedisKeys.DomainConfigJob("domain-update", "dmoz.org", "testapp"));
        Assert.Equal("link:dupefilter:abc123", RedisKeys.DupeFilter("link", "abc123"));
        Assert.Equal("link:domain_max_page_filter:toscrape.com:abc", RedisKeys.DomainMaxPageFilter("link", "toscrape.com", "abc"));
        Assert.Equal("link:global_page_count_filter:toscrape.com:abc", RedisKeys.GlobalPageCountFilter("link", "toscrape.com", "abc"));
        Assert.Equal("link:blacklist", RedisKeys.CrawlBlacklist("link"));
        Assert.Equal("testapp||abc123", RedisKeys.CrawlBlacklistMember("testapp", "abc123"));
        Assert.Equal("stats:kafka-monitor:self:host1:d209adf2aa01", RedisKeys.Heartbeat("kafka-monitor", "host1", "d209adf2aa01"));
        Assert.Equal("stats:crawler:host1:link:d209adf2aa01", RedisKeys.CrawlerHeartbeat("host1", "link", "d209adf2aa01"));
        Assert.Equal("stats:kafka-monitor:total:900", RedisKeys.ComponentStats("kafka-monitor", "total", "900"));
        Assert.Equal("stats:crawler:host1:link:504:lifetime", RedisKeys.CrawlerStatusStats("host1", "link", 504, RedisKeys.Lifetime));
        Assert.Equal("lock:info:link:testapp", RedisKeys.Lock("info:link:testapp"));
        Assert.Equal("lock:info:link:testapp:failures", RedisKeys.LockFailures("info:link:testapp"));
        Assert.Equal("lock-signal:info:link:testapp", RedisKeys.LockSignal("info:link:testapp"));
        Assert.Equal("rest:poll:abc", RedisKeys.RestPoll("abc"));
    }

    [Theory]
    [InlineData("example.com", "link", "1.2.3.4", "link:1.2.3.4:example.com")]
    [InlineData("example.com", "link", null, "link:example.com")]
    [InlineData("example.com", null, "1.2.3.4", "1.2.3.4:example.com")]
    [InlineData("example.com", null, null, "example.com")]
    public void ThrottleScope_TypeAndIpCombinations_MatchCreateQueues(string domain, string? type, string? ip, string expected)
    {
        var scope = RedisKeys.ThrottleScope(domain, type, ip);

        Assert.Equal(expected, scope);
        Assert.Equal(expected + ":throttle_window", RedisKeys.ThrottleWindow(scope));
        Assert.Equal(expected + ":throttle_time", RedisKeys.ThrottleTime(scope));
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("a:b", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsSafePart_RejectsColonsAndEmpty(string? part, bool expected) =>
        Assert.Equal(expected, RedisKeys.IsSafePart(part));

    [Fact]
    public void TopicNames_FirehoseAlways_AppTopicsWhenEnabled()
    {
        var plain = new TopicNames(new TopicOptions());
        var perApp = new TopicNames(new TopicOptions { Prefix = "prefix", AppIdTopics = true });

        Assert.Equal(["demo.crawled_firehose"], plain.ForCrawledPage("app"));
        Assert.Equal(["demo.outbound_firehose"], plain.ForAnswer("app"));
        Assert.Equal(["prefix.crawled_firehose", "prefix.crawled_app"], perApp.ForCrawledPage("app"));
        Assert.Equal(["prefix.outbound_app", "prefix.outbound_firehose"], perApp.ForAnswer("app"));
        Assert.Equal("demo.incoming", TopicNames.DefaultIncoming);
    }
}
