using System.Globalization;
using CrawlCluster.Core.Bus;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Kafka;
using CrawlCluster.Messaging.Redis;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrawlCluster.IntegrationTests.KafkaMonitor;

/// <summary><c>crawlcluster kafka-monitor run</c> as built, fed by <c>kafka-monitor feed</c> and by a producer.</summary>
[Trait("Kind", "Integration")]
public sealed class KafkaMonitorProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task RedisStreams_EverySeedRequestFedByTheCli_LandsInTheStoreAsTheOriginalWritesIt()
    {
        var environment = RedisEnvironment();
        await using var monitor = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run");
        await monitor.WaitForLineAsync("Kafka Monitor reading demo.incoming", Patience);
        var examples = SeedExamples.Requests();

        foreach (var example in examples)
        {
            await using var feed = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "feed", example.ToJsonString());
            Assert.Equal(0, await feed.WaitForExitAsync(Patience));
        }

        await monitor.WaitForLinesAsync("to Redis", examples.Count, Patience);
        var db = _redis.Connection.GetDatabase();
        Assert.Empty(await SeedStoreWrites.DifferencesAsync(db, examples));
        Assert.Equal("1423591888", (string?)await db.StringGetAsync("timeout:link:testapp:a23bbqwewqe"));
        Assert.Equal("""{"domain":"dmoz.org","uuid":"abc123","hits":60,"scale":0.9,"window":60}""",
            (string?)await db.StringGetAsync("zk:domain-update:dmoz.org:madisonTest"));
        Assert.True(await db.KeyExistsAsync((await _redis.Connection.GetServer(_redis.EndPoint).KeysAsync(pattern: "stats:kafka-monitor:self:*").FirstAsync())!));
        monitor.Terminate();
        Assert.Equal(0, await monitor.WaitForExitAsync(Patience));
        Assert.Contains(monitor.Output, l => l.Contains("Closing Kafka Monitor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RedisStreams_TwoMonitorsInOneGroup_ShareTheTopic_AndHandleEachMessageOnce()
    {
        var environment = RedisEnvironment();
        await using var first = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run");
        await using var second = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run");
        await first.WaitForLineAsync("Kafka Monitor reading", Patience);
        await second.WaitForLineAsync("Kafka Monitor reading", Patience);
        await using var bus = new RedisStreamsMessageBus(_redis.Connection, JsonCodec.Instance, 100_000, TimeSpan.FromMinutes(5), NullLogger.Instance);

        await ProduceAsync(bus, 300);

        await WaitForTotalAsync("Added crawl to Redis", 300, first, second);
        Assert.Equal(300, first.CountLines("Added crawl to Redis") + second.CountLines("Added crawl to Redis"));
        Assert.True(first.CountLines("Added crawl to Redis") > 0 && second.CountLines("Added crawl to Redis") > 0,
            "both monitors should have had a share");
        Assert.Equal(300, await CountQueuedAsync());
    }

    [Fact]
    public async Task KafkaMock_TwoMonitorsInOneGroup_HandleEachMessageOnce()
    {
        await using var broker = RunningProcess.StartCrawlCluster(null, "dev", "kafka-mock");
        var bootstrap = (await broker.WaitForLineAsync("127.0.0.1:", Patience)).Trim();
        var environment = RedisEnvironment();
        environment["QUEUE_PLATFORM"] = "kafka";
        environment["KAFKA_HOSTS"] = bootstrap;
        environment["KAFKA_CONSUMER_SESSION_TIMEOUT_MS"] = "6000";
        environment["KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS"] = "2000";
        await using var first = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run");
        await using var second = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run");
        await first.WaitForLineAsync("Kafka Monitor reading", Patience);
        await second.WaitForLineAsync("Kafka Monitor reading", Patience);
        await using var bus = new KafkaMessageBus(new BusOptions { Platform = "kafka", KafkaHosts = [bootstrap] }, JsonCodec.Instance, NullLogger.Instance);

        await ProduceAsync(bus, 200);

        await WaitForTotalAsync("Added crawl to Redis", 200, first, second);
        Assert.Equal(200, first.CountLines("Added crawl to Redis") + second.CountLines("Added crawl to Redis"));
        Assert.Equal(200, await CountQueuedAsync());
    }

    private static async Task ProduceAsync(IMessageBus bus, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await bus.ProduceAsync("demo.incoming", BusMessage.FromJson($$"""{"url":"http://site{{i % 7}}.test/{{i}}","appid":"testapp","crawlid":"c{{i}}"}""", key: i.ToString(CultureInfo.InvariantCulture)), CancellationToken.None);
        }
    }

    private static async Task WaitForTotalAsync(string text, int count, RunningProcess first, RunningProcess second)
    {
        // Each process signals its own lines; wait on either until the two together reach the count.
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            // One snapshot for both the check and the waits: counted separately, a line arriving in between set the
            // wait one past the last line, and the test waited out its patience with every line already there.
            var (seenFirst, seenSecond) = (first.CountLines(text), second.CountLines(text));
            if (seenFirst + seenSecond >= count)
            {
                return;
            }

            var waitFirst = first.WaitForLinesAsync(text, seenFirst + 1, Patience);
            var waitSecond = second.WaitForLinesAsync(text, seenSecond + 1, Patience);
            try
            {
                await Task.WhenAny(waitFirst, waitSecond).WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{first.CountLines(text) + second.CountLines(text)} of {count} '{text}' lines:\n--- first\n{first.AllText}\n--- second\n{second.AllText}");
            }
        }
    }

    private async Task<long> CountQueuedAsync()
    {
        long total = 0;
        await foreach (var key in _redis.Connection.GetServer(_redis.EndPoint).KeysAsync(pattern: "link:test.:queue"))
        {
            total += await _redis.Connection.GetDatabase().SortedSetLengthAsync(key);
        }

        return total;
    }

    private Dictionary<string, string> RedisEnvironment() => new()
    {
        ["QUEUE_PLATFORM"] = "redis",
        ["REDIS_HOST"] = "127.0.0.1",
        ["REDIS_PORT"] = _redis.Port.ToString(CultureInfo.InvariantCulture),
        ["STATS_DUMP"] = "0",
    };
}
