using System.Text.Json.Nodes;
using CrawlCluster.TestSupport;

namespace CrawlCluster.IntegrationTests.Bus;

/// <summary>The original's quick start with the built executable: feed a request, dump it back, list the topics.</summary>
[Trait("Kind", "Integration")]
public sealed class FeedAndDumpTests : IAsyncLifetime
{
    private const string Request = """{"url": "http://istresearch.com", "appid": "testapp", "crawlid": "abc123"}""";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task RedisStreams_FeedThenDumpFromTheBeginning_PrintsTheRequest()
    {
        var environment = RedisEnvironment();

        Assert.Equal(0, await RunAsync(environment, "kafka-monitor", "feed", Request));
        await using var dump = RunningProcess.StartCrawlCluster(environment, "dump", "-t", "demo.incoming", "--from-beginning", "-n", "1");

        Assert.Equal(0, await dump.WaitForExitAsync(Patience));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Request), JsonNode.Parse(string.Join('\n', dump.Output))), dump.AllText);
    }

    [Fact]
    public async Task RedisStreams_DumpWithoutFromBeginning_PrintsOnlyNewMessages_Pretty()
    {
        var environment = RedisEnvironment();
        Assert.Equal(0, await RunAsync(environment, "kafka-monitor", "feed", """{"url": "http://old.example.com", "appid": "testapp", "crawlid": "old"}"""));
        await using var dump = RunningProcess.StartCrawlCluster(environment, "dump", "-t", "demo.incoming", "-n", "1", "-p");
        await dump.WaitForLineAsync("Reading demo.incoming", Patience);

        Assert.Equal(0, await RunAsync(environment, "kafka-monitor", "feed", Request));

        Assert.Equal(0, await dump.WaitForExitAsync(Patience));
        Assert.Equal("{", dump.Output.First());
        Assert.Contains("    \"crawlid\": \"abc123\"", dump.Output);
        Assert.DoesNotContain(dump.Output, line => line.Contains("old", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KafkaMock_FeedThenDump_PrintsTheRequest_AndListShowsTheTopics()
    {
        await using var broker = RunningProcess.StartCrawlCluster(null, "dev", "kafka-mock");
        var bootstrap = await broker.WaitForLineAsync("127.0.0.1:", Patience);
        var environment = new Dictionary<string, string> { ["QUEUE_PLATFORM"] = "kafka", ["KAFKA_HOSTS"] = bootstrap.Trim() };

        Assert.Equal(0, await RunAsync(environment, "kafka-monitor", "feed", Request));
        await using var dump = RunningProcess.StartCrawlCluster(environment, "dump", "-t", "demo.incoming", "-b", "-n", "1");
        Assert.Equal(0, await dump.WaitForExitAsync(Patience));
        await using var list = RunningProcess.StartCrawlCluster(environment, "list");
        Assert.Equal(0, await list.WaitForExitAsync(Patience));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Request), JsonNode.Parse(string.Join('\n', dump.Output))), dump.AllText);
        Assert.Equal("Topics:", list.Output.First());
        Assert.Contains("- demo.incoming", list.Output);
        Assert.Contains("- demo.crawled_firehose", list.Output);
        broker.Terminate();
        Assert.Equal(0, await broker.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task Feed_LogsTheOriginalLines()
    {
        await using var feed = RunningProcess.StartCrawlCluster(RedisEnvironment(), "kafka-monitor", "feed", Request);

        Assert.Equal(0, await feed.WaitForExitAsync(Patience));
        Assert.Contains(feed.Output, l => l.EndsWith("[kafka-monitor] INFO: Feeding JSON into demo.incoming", StringComparison.Ordinal));
        Assert.Contains("""    "url": "http://istresearch.com",""", feed.Output);
        Assert.Contains(feed.Output, l => l.EndsWith("[kafka-monitor] INFO: Successfully fed item to Redis Streams", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Feed_RequestNoPluginAccepts_IsRefusedWithTheClosestSchemasReasons_NothingSent()
    {
        await using var feed = RunningProcess.StartCrawlCluster(RedisEnvironment(), "kafka-monitor", "feed", """{"url": "http://x.com", "maxdepth": 5}""");

        Assert.Equal(2, await feed.WaitForExitAsync(Patience));
        Assert.Contains("no plugin accepts this request: ", feed.AllText, StringComparison.Ordinal);
        Assert.Contains("'appid' is required", feed.AllText, StringComparison.Ordinal);
        Assert.Contains("maxdepth 5 is above the maximum 3", feed.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("Successfully fed", feed.AllText, StringComparison.Ordinal);
        await using var sent = RunningProcess.StartCrawlCluster(RedisEnvironment(), "kafka-monitor", "feed", "--no-validate", """{"url": "http://x.com"}""");
        Assert.Equal(0, await sent.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task Dump_TopicThatDoesNotExist_SaysSo_AndWaits()
    {
        await using var dump = RunningProcess.StartCrawlCluster(RedisEnvironment(), "dump", "-t", "demo.no_such_topic", "-n", "1");

        await dump.WaitForLineAsync("Topic demo.no_such_topic does not exist yet", Patience);
        dump.Terminate();
        Assert.Equal(0, await dump.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task Feed_NotJson_Exits2_WithTheOriginalMessage()
    {
        await using var feed = RunningProcess.StartCrawlCluster(RedisEnvironment(), "kafka-monitor", "feed", "{not json");

        Assert.Equal(2, await feed.WaitForExitAsync(Patience));
        Assert.Contains("JSON failed to parse", feed.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feed_NoBroker_FailsWithinTheFeedTimeout_Exit1()
    {
        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = "kafka",
            ["KAFKA_HOSTS"] = $"127.0.0.1:{FreePort.Next()}",
            ["KAFKA_FEED_TIMEOUT"] = "2",
        };
        await using var feed = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "feed", Request);

        Assert.Equal(1, await feed.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Failed to feed item into Kafka: no answer within KAFKA_FEED_TIMEOUT (2 s)", feed.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dump_RedisDown_Exits1_NamingTheAddress()
    {
        var environment = new Dictionary<string, string> { ["QUEUE_PLATFORM"] = "redis", ["REDIS_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), ["REDIS_SOCKET_TIMEOUT"] = "2" };
        await using var dump = RunningProcess.StartCrawlCluster(environment, "dump", "-t", "demo.incoming");

        Assert.Equal(1, await dump.WaitForExitAsync(Patience));
        Assert.Contains($"redis: cannot connect to localhost:{environment["REDIS_PORT"]}", dump.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemoryPlatform_CannotBeReachedFromAnotherProcess_Exit2()
    {
        await using var feed = RunningProcess.StartCrawlCluster(new Dictionary<string, string> { ["QUEUE_PLATFORM"] = "memory" }, "kafka-monitor", "feed", Request);

        Assert.Equal(2, await feed.WaitForExitAsync(Patience));
        Assert.Contains("QUEUE_PLATFORM=memory lives inside one process", feed.AllText, StringComparison.Ordinal);
    }

    private Dictionary<string, string> RedisEnvironment() => new()
    {
        ["QUEUE_PLATFORM"] = "redis",
        ["REDIS_HOST"] = "127.0.0.1",
        ["REDIS_PORT"] = _redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<int> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        await using var process = RunningProcess.StartCrawlCluster(environment, args);
        return await process.WaitForExitAsync(Patience);
    }
}
