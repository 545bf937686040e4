using System.Globalization;
using System.Text.Json.Nodes;
using CrawlCluster.TestSupport;

namespace CrawlCluster.IntegrationTests.Crawler;

/// <summary>
/// The original's quick start as separate processes of the built executable on Redis Streams: a crawl request fed to
/// the Kafka Monitor, crawled by a crawler from a local site, its pages read back with <c>dump</c>.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class ClusterCrawlTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task FeedToKafkaMonitor_CrawlerCrawlsTheSite_DumpShowsEachPageOnce()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/" => LocalHttpResponse.Html("""<html><body><a href="/one">one</a><a href="/two">two</a></body></html>"""),
            "/one" => LocalHttpResponse.Html("""<a href="/">back</a><a href="/three">three</a>"""),
            _ => LocalHttpResponse.Html("leaf"),
        });
        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = "redis",
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = _redis.Port.ToString(CultureInfo.InvariantCulture),
            ["QUEUE_HITS"] = "1000",
            ["QUEUE_MODERATED"] = "false",
            ["SCHEDULER_IP_ENABLED"] = "false",
        };
        await using var monitor = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run");
        await using var crawler = RunningProcess.StartCrawlCluster(environment, "crawler", "--concurrency", "4");
        await monitor.WaitForLineAsync("Kafka Monitor reading", Patience);
        await crawler.WaitForLineAsync("Crawler link started", Patience);

        var request = $$"""{"url": "{{site.Url("/")}}", "appid": "testapp", "crawlid": "site1", "maxdepth": 1}""";
        await using (var feed = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "feed", request))
        {
            Assert.Equal(0, await feed.WaitForExitAsync(Patience));
        }

        await using var dump = RunningProcess.StartCrawlCluster(environment, "dump", "-t", "demo.crawled_firehose", "-b", "-n", "3", "--no-body");
        Assert.Equal(0, await dump.WaitForExitAsync(Patience));

        var pages = dump.Output.Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal(["/", "/one", "/two"], pages.Select(p => new Uri(p["url"]!.GetValue<string>()).AbsolutePath).Order());
        Assert.All(pages, p => Assert.Equal("site1", p["crawlid"]!.GetValue<string>()));
        Assert.DoesNotContain(site.Requests, r => r.Path == "/three");
        Assert.Single(site.Requests, r => r.Path == "/");
        crawler.Terminate();
        Assert.Equal(0, await crawler.WaitForExitAsync(Patience));
        Assert.Contains("Crawler stopping", crawler.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrawlerKilledMidPage_LosesNothing_AnotherCrawlerCrawlsItWhenTheLeaseRunsOut()
    {
        var first = true;
        await using var site = LocalHttpServer.Start(request => request.Path == "/robots.txt" ? new LocalHttpResponse(404, [])
            : Interlocked.Exchange(ref first, false) ? new LocalHttpResponse(200, [], Hang: true)
            : LocalHttpResponse.Html("survived"));
        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = "redis",
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = _redis.Port.ToString(CultureInfo.InvariantCulture),
            ["SCHEDULER_IP_ENABLED"] = "false",
            ["DOWNLOAD_TIMEOUT"] = "3",
        };
        await using var monitor = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run");
        await using var doomed = RunningProcess.StartCrawlCluster(environment, "crawler");
        await monitor.WaitForLineAsync("Kafka Monitor reading", Patience);
        await doomed.WaitForLineAsync("Crawler link started", Patience);
        await using (var feed = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "feed",
            $$"""{"url": "{{site.Url("/")}}", "appid": "testapp", "crawlid": "crash1"}"""))
        {
            Assert.Equal(0, await feed.WaitForExitAsync(Patience));
        }

        await site.WaitForRequestsAsync(2, Patience);
        doomed.Kill();
        await using var survivor = RunningProcess.StartCrawlCluster(environment, "crawler");
        await using var dump = RunningProcess.StartCrawlCluster(environment, "dump", "-t", "demo.crawled_firehose", "-b", "-n", "1");

        Assert.Equal(0, await dump.WaitForExitAsync(Patience));
        var page = JsonNode.Parse(string.Join('\n', dump.Output))!;
        Assert.Equal("survived", page["body"]!.GetValue<string>());
        Assert.Equal(2, site.Requests.Count(r => r.Path == "/"));
    }
}
