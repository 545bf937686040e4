using System.Text.Json.Nodes;
using CrawlCluster.TestSupport;

namespace CrawlCluster.IntegrationTests.Crawler;

/// <summary><c>crawlcluster up</c> as built: its own store and broker, reached by <c>feed</c> and <c>dump</c> from other processes.</summary>
[Trait("Kind", "Integration")]
public sealed class UpCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Up_PrintsHowToReachIt_AndCrawlsWhatIsFedToIt_UntilStopped()
    {
        await using var site = LocalHttpServer.Start(request => request.Path == "/" ? LocalHttpResponse.Html("""<a href="/next">next</a>""") : LocalHttpResponse.Html("next"));
        await using var up = RunningProcess.StartCrawlCluster(new Dictionary<string, string> { ["QUEUE_HITS"] = "1000", ["QUEUE_MODERATED"] = "false", ["SCHEDULER_IP_ENABLED"] = "false" }, "up");
        var exports = (await up.WaitForLineAsync("export QUEUE_PLATFORM=kafka", Patience)).Trim()["export ".Length..];
        var environment = exports.Split(' ').Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
        environment["KAFKA_CONSUMER_SESSION_TIMEOUT_MS"] = "6000";
        environment["KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS"] = "2000";

        await using (var feed = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "feed",
            $$"""{"url": "{{site.Url("/")}}", "appid": "testapp", "crawlid": "up1", "maxdepth": 1}"""))
        {
            Assert.Equal(0, await feed.WaitForExitAsync(Patience));
        }

        await using var dump = RunningProcess.StartCrawlCluster(environment, "dump", "-t", "demo.crawled_firehose", "-b", "-n", "2", "--no-body");
        Assert.Equal(0, await dump.WaitForExitAsync(Patience));
        var pages = dump.Output.Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal(["/", "/next"], pages.Select(p => new Uri(p["url"]!.GetValue<string>()).AbsolutePath).Order());

        up.Terminate();
        Assert.Equal(0, await up.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task Up_ACrawlerThatCannotStart_StopsTheWholeHost_NamingWhy_NotExitZero()
    {
        await using var up = RunningProcess.StartCrawlCluster(new Dictionary<string, string> { ["SCHEDULER_IP_ENABLED"] = "false" },
            "up", "--set", """ITEM_PIPELINES={"NoSuchPipeline": 10}""");

        // The Kafka Monitor in the same host was running; the crawler's fault stops it too, and the exit says so.
        Assert.Equal(2, await up.WaitForExitAsync(Patience));
        Assert.Contains("the crawler stopped: ITEM_PIPELINES names NoSuchPipeline", up.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", up.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_WithAStaleBrokerAddress_StopsWithOneLineNamingIt_NoStackTrace()
    {
        // What a shell still holding the previous up's exports gives.
        var port = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var up = RunningProcess.StartCrawlCluster(new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = "kafka",
            ["KAFKA_HOSTS"] = "127.0.0.1:" + port,
            ["SCHEDULER_IP_ENABLED"] = "false",
        }, "up");

        Assert.Equal(1, await up.WaitForExitAsync(Patience));
        Assert.Contains("stopped: kafka:", up.AllText, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:" + port, up.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", up.AllText, StringComparison.Ordinal);
    }
}
