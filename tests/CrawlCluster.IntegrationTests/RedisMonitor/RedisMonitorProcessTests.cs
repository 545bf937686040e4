using System.Globalization;
using System.Text.Json.Nodes;
using CrawlCluster.TestSupport;

namespace CrawlCluster.IntegrationTests.RedisMonitor;

/// <summary>
/// <c>kafka-monitor feed</c> → <c>kafka-monitor run</c> → <c>redis-monitor</c> → <c>demo.outbound_firehose</c>, each
/// the built executable, on Redis Streams and on the Kafka mock: the original's API answered end to end.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class RedisMonitorProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Theory]
    [InlineData("redis")]
    [InlineData("kafka")]
    public async Task InfoStopStatsAndConfigRequests_FedByTheCli_AreAnsweredOnTheOutboundTopic(string platform)
    {
        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = platform,
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = _redis.Port.ToString(CultureInfo.InvariantCulture),
        };
        await using var broker = platform == "kafka" ? RunningProcess.StartCrawlCluster(null, "dev", "kafka-mock") : null;
        if (broker is not null)
        {
            // librdkafka's mock cluster: no durable broker to install, the real protocol.
            environment["KAFKA_HOSTS"] = (await broker.WaitForLineAsync("127.0.0.1:", Patience)).Trim();
            environment["KAFKA_CONSUMER_SESSION_TIMEOUT_MS"] = "6000";
            environment["KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS"] = "2000";
        }

        await using var kafkaMonitor = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run");
        await using var redisMonitor = RunningProcess.StartCrawlCluster(environment, "redis-monitor");
        await kafkaMonitor.WaitForLineAsync("Kafka Monitor reading demo.incoming", Patience);
        await redisMonitor.WaitForLineAsync("Redis Monitor started", Patience);
        string[] requests =
        [
            """{"url": "http://a.com", "appid": "testapp", "crawlid": "c1"}""",
            """{"action": "info", "appid": "testapp", "uuid": "u-info", "crawlid": "c1", "spiderid": "link"}""",
            """{"stats": "queue", "appid": "testapp", "uuid": "u-stats"}""",
            """{"action": "domain-update", "domain": "dmoz.org", "hits": 60, "window": 60, "scale": 0.9, "appid": "testapp", "uuid": "u-zk"}""",
            """{"action": "stop", "appid": "testapp", "uuid": "u-stop", "crawlid": "c1", "spiderid": "link"}""",
        ];

        foreach (var request in requests)
        {
            await using var feed = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "feed", request);
            Assert.Equal(0, await feed.WaitForExitAsync(Patience));
        }

        // Four answers, and the crawl's completion once the stop left nothing pending or in flight.
        await using var dump = RunningProcess.StartCrawlCluster(environment, "dump", "-t", "demo.outbound_firehose", "-b", "-n", "5");
        Assert.Equal(0, await dump.WaitForExitAsync(Patience));
        var messages = dump.Output.Select(l => JsonNode.Parse(l)!).ToList();
        var complete = Assert.Single(messages, m => m["action"]?.GetValue<string>() == "crawl_complete");
        Assert.Equal(("c1", 0), (complete["crawlid"]!.GetValue<string>(), complete["pages"]!.GetValue<int>()));
        var answers = messages.Where(m => m["uuid"] is not null).ToDictionary(a => a["uuid"]!.GetValue<string>());
        Assert.Equal(1, answers["u-info"]!["total_pending"]!.GetValue<int>());
        Assert.Equal(1, answers["u-stats"]!["queues"]!["total_backlog"]!.GetValue<int>());
        Assert.Equal("domain-update", answers["u-zk"]!["action"]!.GetValue<string>());
        Assert.Equal(1, answers["u-stop"]!["total_purged"]!.GetValue<int>());
        redisMonitor.Terminate();
        Assert.Equal(0, await redisMonitor.WaitForExitAsync(Patience));
    }
}
