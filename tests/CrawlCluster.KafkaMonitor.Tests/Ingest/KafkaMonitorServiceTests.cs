using System.Text;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Stats;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.KafkaMonitor.Plugins;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using CrawlCluster.Core.Jobs;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CrawlCluster.KafkaMonitor.Tests.Ingest;

/// <summary>The Kafka Monitor in this process, on the in-memory bus and a real redis-server (CONTRACT.md Part B §1).</summary>
[Trait("Kind", "Conformance")]
public sealed class KafkaMonitorServiceTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly IDatabase _db = redis.Server.Connection.GetDatabase();

    public Task InitializeAsync() => redis.Server.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CrawlRequest_IsQueuedAsTheOriginalWritesIt()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Server.Connection);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

        await monitor.FeedAsync("""{"url":"http://dmoztools.net","appid":"testapp","crawlid":"abc123"}""");
        await monitor.WaitForFinishedAsync(1);

        var entries = await _db.SortedSetRangeByRankWithScoresAsync("link:dmoztools.net:queue");
        var entry = Assert.Single(entries);
        var member = (string)entry.Element!;
        const string Expected = """{"url":"http:\/\/dmoztools.net","appid":"testapp","crawlid":"abc123","spiderid":"link","priority":1,"maxdepth":0,"domain_max_pages":null,"allowed_domains":null,"allow_regex":null,"deny_regex":null,"deny_extensions":null,"expires":0,"useragent":null,"cookie":null,"attrs":null,"ts":""";
        Assert.StartsWith(Expected, member, StringComparison.Ordinal);
        Assert.InRange(double.Parse(member[Expected.Length..^1], System.Globalization.CultureInfo.InvariantCulture), before - 1, before + 60);
        Assert.Equal(1, QueueScore.PriorityOf(entry.Score));
        Assert.InRange(entry.Score, -1, -0.5);
        Assert.False(await _db.KeyExistsAsync("timeout:link:testapp:abc123"));
        Assert.Equal((1, 0), (monitor.Service.Stats.Handled, monitor.Service.Stats.Failed));
    }

    [Fact]
    public async Task EverySeedRequestExample_WritesTheOriginalsKeysAndValues()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Server.Connection);
        var examples = SeedExamples.Requests();
        foreach (var example in examples)
        {
            await monitor.FeedAsync(example.ToJsonString());
        }

        await monitor.WaitForFinishedAsync(examples.Count);

        Assert.Equal((examples.Count, 0L), (monitor.Service.Stats.Handled, monitor.Service.Stats.Failed));
        Assert.Empty(await SeedStoreWrites.DifferencesAsync(_db, examples));
    }

    [Fact]
    public async Task HostileAndMalformedMessages_AreCountedAsFailed_AndEveryValidOneIsHandled()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Server.Connection,
            new KafkaMonitorOptions { MaxRequestBytes = 256 * 1024 }, new StatsOptions { DumpSeconds = 0, Times = ["SECONDS_15_MINUTE"] });
        var random = new Random(1234);
        var invalid = 0;
        var valid = 0;
        for (var i = 0; i < 10_000; i++)
        {
            if (i % 50 == 0)
            {
                valid++;
                await monitor.FeedAsync($$"""{"url":"http://valid{{i}}.com","appid":"fuzzapp","crawlid":"c{{i}}"}""");
                continue;
            }

            invalid++;
            await monitor.FeedAsync(Hostile.Message(i, random));
        }

        await monitor.WaitForFinishedAsync(10_000);
        await monitor.Service.Stats.FlushAsync();

        Assert.Equal(invalid, monitor.Service.Stats.Failed);
        Assert.Equal(valid, monitor.Service.Stats.Handled);
        Assert.Equal(valid, (await redis.Server.Connection.GetServer(redis.Server.EndPoint).KeysAsync(pattern: "link:valid*.com:queue").ToListAsync()).Count);
        var stats = StorePorts.For(_db.Multiplexer).GetRequiredService<IStatsStore>();
        var window = TimeSpan.FromSeconds(900);
        Assert.Equal(invalid, await stats.WindowCountAsync(RedisKeys.ComponentStats("kafka-monitor", "fail", "900"), window, CancellationToken.None));
        Assert.Equal(10_000, await stats.WindowCountAsync(RedisKeys.ComponentStats("kafka-monitor", "total", "900"), window, CancellationToken.None));
        Assert.Equal(valid, await stats.WindowCountAsync(RedisKeys.ComponentStats("kafka-monitor", "ScraperHandler", "900"), window, CancellationToken.None));
        Assert.InRange(await _db.HyperLogLogLengthAsync(RedisKeys.ComponentStats("kafka-monitor", "total", "lifetime")), 9_800, 10_200);
    }

    [Fact]
    public async Task RequestNoSchemaAccepts_IsLoggedWithTheClosestSchemasErrors_InPlainWords()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Server.Connection);

        await monitor.FeedAsync("""{"url":"http://a.com","appid":"testapp","crawlid":"c1","maxdepth":5}""");
        await monitor.WaitForFinishedAsync(1);

        var errors = monitor.Logger.Properties.Select(p => p.GetValueOrDefault("errors") as string).OfType<string>().Single();
        Assert.Equal("ScraperHandler: maxdepth 5 is above the maximum 3", errors);
        Assert.Equal(1, monitor.Service.Stats.Failed);
    }

    [Fact]
    public async Task CrawlRequestWithAPatternTheCrawlerCannotRun_IsRefusedNamingIt_AndWritesNothing()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Server.Connection);

        await monitor.FeedAsync("""{"url":"http://a.com","appid":"testapp","crawlid":"c1","deny_regex":["\\.pdf$","["]}""");
        await monitor.WaitForFinishedAsync(1);

        var errors = monitor.Logger.Properties.Select(p => p.GetValueOrDefault("errors") as string).OfType<string>().Single();
        Assert.StartsWith("ScraperHandler: deny_regex '[' cannot be used: Invalid pattern '[' at offset 1", errors, StringComparison.Ordinal);
        Assert.Equal(1, monitor.Service.Stats.Failed);
        var keys = await redis.Server.Connection.GetServer(redis.Server.EndPoint).KeysAsync(pattern: "*").ToListAsync();
        Assert.DoesNotContain(keys, k => !((string)k!).StartsWith("stats:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StatsDump_LogsTheOriginalsCountersEveryStatsDumpSeconds()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Server.Connection, stats: new StatsOptions { DumpSeconds = 1, Times = ["SECONDS_15_MINUTE"] });

        await monitor.FeedAsync("""{"uuid":"u1","appid":"testapp","stats":"queue"}""");
        await monitor.FeedAsync("not json");
        await monitor.WaitForFinishedAsync(2);

        await monitor.Logger.WaitForAsync("\"plugin_StatsHandler_900\": 1", TimeSpan.FromSeconds(30));
        var dump = monitor.Logger.Entries.Last(e => e.Message.Contains("\"plugin_StatsHandler_900\": 1", StringComparison.Ordinal)).Message;
        Assert.StartsWith("Kafka Monitor Stats Dump:\n{\n    \"fail_900\": 1,\n    \"fail_lifetime\": 1,", dump, StringComparison.Ordinal);
        Assert.Contains("\"total_900\": 2,", dump, StringComparison.Ordinal);
        Assert.Contains("\"plugin_ScraperHandler_lifetime\": 0", dump, StringComparison.Ordinal);
        Assert.True(await _db.KeyExistsAsync((await redis.Server.Connection.GetServer(redis.Server.EndPoint).KeysAsync(pattern: "stats:kafka-monitor:self:*").FirstAsync())!));
    }

    [Fact]
    public async Task RedeliveredMessage_IsNotQueuedTwice()
    {
        var logger = new ListLogger();
        var options = new KafkaMonitorOptions();
        var plugins = await PluginLoader.LoadAsync(options.Plugins, "no-such-dir", logger);
        var ports = StorePorts.For(redis.Server.Connection);
        var context = new PluginContext(new ConfigurationBuilder().Build(), ports.GetRequiredService<IFrontierQueue>(), ports.GetRequiredService<IJobBoard>(),
            TimeProvider.System, logger, ports);
        foreach (var ranked in plugins)
        {
            await ranked.Plugin.SetupAsync(context, CancellationToken.None);
        }

        var stats = new Stats.KafkaMonitorStats(StorePorts.For(_db.Multiplexer).GetRequiredService<IStatsStore>(), [900], true, true);
        var loop = new IngestLoop(plugins, stats, options, TimeProvider.System, logger);
        var message = new ConsumedMessage
        {
            Topic = "demo.incoming",
            Position = "42",
            Value = Encoding.UTF8.GetBytes("""{"url":"http://a.com","appid":"testapp","crawlid":"c1"}"""),
        };

        Assert.True(await loop.HandleAsync(message, CancellationToken.None));
        Assert.True(await loop.HandleAsync(message, CancellationToken.None));
        Assert.True(await loop.HandleAsync(message with { Position = "43" }, CancellationToken.None));
        // A different message at a reused position (a restarted memory bus, a recreated topic) is not a redelivery.
        Assert.True(await loop.HandleAsync(message with { Value = Encoding.UTF8.GetBytes("""{"url":"http://a.com/2","appid":"testapp","crawlid":"c1"}""") },
            CancellationToken.None));

        Assert.Equal(3, await _db.SortedSetLengthAsync("link:a.com:queue"));
    }

    [Theory]
    [InlineData("""{"url":"http://a.com","appid":"test:app","crawlid":"c1"}""", "'appid' must not contain ':'")]
    [InlineData("""{"url":"http://a.com","appid":"testapp","crawlid":"c:1"}""", "'crawlid' must not contain ':'")]
    [InlineData("""{"uuid":"u","appid":"testapp","spiderid":"li:nk","action":"info"}""", "'spiderid' must not contain ':'")]
    [InlineData("""{"uuid":"u","appid":"testapp","domain":"a.com","action":"domain-update","window":60}""", "'hits' and 'window' not set for domain update")]
    public async Task RefusedRequest_IsLoggedAndCounted_AndWritesNothing(string request, string reason)
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Server.Connection);

        await monitor.FeedAsync(request);
        await monitor.WaitForFinishedAsync(1);

        Assert.Equal(1, monitor.Service.Stats.Failed);
        Assert.Contains(monitor.Logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(reason, StringComparison.Ordinal));
        var keys = await redis.Server.Connection.GetServer(redis.Server.EndPoint).KeysAsync(pattern: "*").ToListAsync();
        Assert.DoesNotContain(keys, k => !((string)k!).StartsWith("stats:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OversizedMessage_IsRefusedWithAClearLine()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Server.Connection, new KafkaMonitorOptions { MaxRequestBytes = 1024 });

        await monitor.FeedAsync($$"""{"url":"http://a.com/{{new string('x', 2000)}}","appid":"testapp","crawlid":"c1"}""");
        await monitor.WaitForFinishedAsync(1);

        Assert.Equal(1, monitor.Service.Stats.Failed);
        Assert.Contains(monitor.Logger.Entries, e => e.Message.Contains("over KAFKA_MONITOR_MAX_REQUEST_BYTES (1024)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StoreOutage_TheSameRequestIsRetried_AndHandledWhenTheStoreIsBack()
    {
        await using var server = await RedisServer.StartAsync();
        await using var monitor = await MonitorHarness.StartAsync(server.Connection);

        server.Stop();
        await monitor.FeedAsync("""{"url":"http://outage.com","appid":"testapp","crawlid":"c1"}""");
        await monitor.Logger.WaitForAsync("The store is unreachable", TimeSpan.FromSeconds(30));
        await server.RestartAsync();
        await monitor.WaitForFinishedAsync(1);

        Assert.Equal((1, 0), (monitor.Service.Stats.Handled, monitor.Service.Stats.Failed));
        Assert.Equal(1, await server.Connection.GetDatabase().SortedSetLengthAsync("link:outage.com:queue"));
    }

    [Fact]
    public async Task StoreDownAtTheWrite_TheMessageStaysUncommittedOnTheBus_UntilTheRequestIsInTheStore()
    {
        await using var store = await RedisServer.StartAsync();
        await using var busServer = await RedisServer.StartAsync();
        var bus = new RedisStreamsMessageBus(busServer.Connection, JsonCodec.Instance, 100_000, TimeSpan.FromSeconds(30), NullLogger.Instance);
        await using var monitor = await MonitorHarness.StartAsync(store.Connection, bus: bus);

        store.Stop();
        await monitor.FeedAsync("""{"url":"http://outage.com","appid":"testapp","crawlid":"c1"}""");
        await monitor.Logger.WaitForAsync("The store is unreachable", TimeSpan.FromSeconds(30));

        // The write was tried and failed: the message must still be the group's, not committed.
        Assert.Equal(1, await PendingAsync(busServer));
        await store.RestartAsync();
        await monitor.WaitForFinishedAsync(1);
        await WaitUntilAsync(async () => await PendingAsync(busServer) == 0, "the message committed once the request was in the store");
        Assert.Equal(1, await store.Connection.GetDatabase().SortedSetLengthAsync("link:outage.com:queue"));
    }

    [Fact]
    public async Task DiedBetweenTheStoreWriteAndTheCommit_TheMessageIsDeliveredAgain_AndQueuedOnce()
    {
        await using var busServer = await RedisServer.StartAsync();
        var streams = new RedisStreamsMessageBus(busServer.Connection, JsonCodec.Instance, 100_000, TimeSpan.FromSeconds(1), NullLogger.Instance);
        var dying = new FaultyBus(streams);
        dying.RefuseCommits();
        await using (var first = await MonitorHarness.StartAsync(redis.Server.Connection, bus: dying))
        {
            await first.FeedAsync("""{"url":"http://twice.com","appid":"testapp","crawlid":"c1"}""");
            await first.WaitForFinishedAsync(1);
            Assert.Equal(1, first.Service.Stats.Handled);

            // The monitor counts a message handled just before it commits it: await the refused commit itself.
            await dying.FirstCommitRefused.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(1, dying.CommitsRefused);
        }

        await streams.DisposeAsync();

        Assert.Equal(1, await PendingAsync(busServer));
        var bus = new RedisStreamsMessageBus(busServer.Connection, JsonCodec.Instance, 100_000, TimeSpan.FromSeconds(1), NullLogger.Instance);
        await using var second = await MonitorHarness.StartAsync(redis.Server.Connection, bus: bus);

        // The next monitor of the group gets the uncommitted message again, handles it, and the request is queued once.
        await second.WaitForFinishedAsync(1);
        await WaitUntilAsync(async () => await PendingAsync(busServer) == 0, "the redelivered message committed");
        Assert.Equal(1, second.Service.Stats.Handled);
        Assert.Equal(1, await _db.SortedSetLengthAsync("link:twice.com:queue"));
    }

    private static async Task<long> PendingAsync(RedisServer bus) =>
        (await bus.Connection.GetDatabase().StreamPendingAsync(RedisStreamKeys.Stream("demo.incoming"), "demo-group")).PendingMessageCount;

    private static async Task WaitUntilAsync(Func<Task<bool>> done, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await done())
        {
            Assert.False(deadline.IsCancellationRequested, $"not {what} within 60 s");
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
