using System.Text;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Kafka;
using CrawlCluster.Messaging.Memory;
using CrawlCluster.Messaging.Redis;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrawlCluster.Sink.Tests.Service;

/// <summary>The sink's loop in a host: batching, commits after the database, dead letters, outages, groups.</summary>
[Collection("postgres")]
[Trait("Kind", "Integration")]
public sealed class SinkServiceTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ABatch_IsWritten_WhenItHasBatchSizeRows_AndTheRestOnStop()
    {
        await using var bus = new MemoryMessageBus(JsonCodec.Instance);
        await using var db = TestDatabase.Sqlite();
        var observed = new ObservedDatabase(db.Open());
        await using var sink = await SinkHost.StartAsync(bus, observed, SinkHost.Plan(batchSize: 10, maxAgeSeconds: 3600));

        await ProducePagesAsync(bus, 25);
        await observed.WaitForWritesAsync(2, Patience);
        Assert.Equal([10, 10], observed.Writes);

        // Stopping writes what was read (what was not stays uncommitted on the bus): let the last five be read first.
        await WaitUntilAsync(() => Task.FromResult(sink.Service.Buffered == 5), "the last five read");
        await sink.StopAsync();

        Assert.Equal([10, 10, 5], observed.Writes);
        Assert.Equal(25, await db.CountAsync("crawled_pages"));
    }

    [Fact]
    public async Task APartialBatch_IsWritten_WhenItsOldestRowIsMaxAgeOld()
    {
        await using var bus = new MemoryMessageBus(JsonCodec.Instance);
        await using var db = TestDatabase.Sqlite();
        var observed = new ObservedDatabase(db.Open());
        await using var sink = await SinkHost.StartAsync(bus, observed, SinkHost.Plan(batchSize: 1000, maxAgeSeconds: 0.3));

        await ProducePagesAsync(bus, 7);
        await observed.WaitForWritesAsync(1, Patience);

        Assert.Equal([7], observed.Writes);
        Assert.Equal(7, await db.CountAsync("crawled_pages"));
    }

    [Fact]
    public async Task Messages_AreCommittedOnTheBus_OnlyAfterTheDatabaseCommitted()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var bus = new RedisStreamsMessageBus(redis.Connection, JsonCodec.Instance, 100_000, TimeSpan.FromSeconds(30), NullLogger.Instance);
        await using var db = TestDatabase.Sqlite();
        var observed = new ObservedDatabase(db.Open());
        observed.Hold();
        await using var sink = await SinkHost.StartAsync(bus, observed, SinkHost.Plan(batchSize: 5, maxAgeSeconds: 3600));

        await ProducePagesAsync(bus, 5);
        await observed.Entered.WaitAsync(Patience);

        // Delivered to the sink, held at the database: none acknowledged.
        Assert.Equal(5, await PendingAsync(redis));
        Assert.Equal(0, await db.CountAsync("crawled_pages"));

        observed.Release();
        await db.WaitForRowsAsync("crawled_pages", 5, Patience);
        await WaitUntilAsync(async () => await PendingAsync(redis) == 0, "the five messages acknowledged");
    }

    [Fact]
    public async Task ReadingPauses_WhileTheDatabaseHoldsABatch()
    {
        await using var bus = new MemoryMessageBus(JsonCodec.Instance);
        await using var db = TestDatabase.Sqlite();
        var observed = new ObservedDatabase(db.Open());
        observed.Hold();
        await using var sink = await SinkHost.StartAsync(bus, observed, SinkHost.Plan(batchSize: 10, maxAgeSeconds: 3600));

        await ProducePagesAsync(bus, 200);
        await observed.Entered.WaitAsync(Patience);
        await WaitUntilAsync(() => Task.FromResult(sink.Service.Buffered >= 30), "the buffer to fill");

        // The two batches being written (SINK_WRITERS) plus one batch read ahead, however long the database takes.
        await Task.Delay(300);
        Assert.Equal(30, sink.Service.Buffered);

        observed.Release();
        await db.WaitForRowsAsync("crawled_pages", 200, Patience);
    }

    [Fact]
    public async Task APoisonRecord_IsDeadLettered_AndTheRestOfTheBatchIsStored()
    {
        await using var bus = new MemoryMessageBus(JsonCodec.Instance);
        await using var db = await TestDatabase.PostgresAsync(postgres.Server);
        await using var sink = await SinkHost.StartAsync(bus, db.Open(), SinkHost.Plan(batchSize: 100, maxAgeSeconds: 3600));

        for (var i = 0; i < 100; i++)
        {
            // Page 37's body holds a NUL, which PostgreSQL text cannot store.
            var page = SinkMessages.Page(i, body: i == 37 ? "broken \0 body" : null);
            await bus.ProduceAsync(SinkMessages.Pages, BusMessage.FromJson(page.ToJsonString()), CancellationToken.None);
        }

        await db.WaitForRowsAsync("sink_dead_letters", 1, Patience);
        await db.WaitForRowsAsync("crawled_pages", 99, Patience);

        Assert.Equal(0, await db.CountAsync("crawled_pages", "url = 'http://127.0.0.1/p37'"));
        Assert.Contains("refused by the database", (string)(await db.ScalarAsync("SELECT error FROM sink_dead_letters"))!, StringComparison.Ordinal);
        Assert.Contains("broken \\u0000 body", Encoding.UTF8.GetString((byte[])(await db.ScalarAsync("SELECT payload FROM sink_dead_letters"))!), StringComparison.Ordinal);
        Assert.Equal(1, sink.Service.DeadLettersWritten);
    }

    [Fact]
    public async Task UnreadableMessages_AreDeadLettered_AndTheSinkGoesOn()
    {
        await using var bus = new MemoryMessageBus(JsonCodec.Instance);
        await using var db = TestDatabase.Sqlite();
        await using var sink = await SinkHost.StartAsync(bus, db.Open(), SinkHost.Plan(maxAgeSeconds: 0.1) with { DeadLetterTopic = "demo.sink_dead_letters" });
        await using var deadTopic = await bus.SubscribeAsync(new ConsumerSettings(["demo.sink_dead_letters"], "reader"), CancellationToken.None);

        bus.ProduceRaw(SinkMessages.Pages, null, "{not json"u8.ToArray());
        bus.ProduceRaw(SinkMessages.Pages, null, "{\"no_url\": 1}"u8.ToArray());
        await ProducePagesAsync(bus, 3);

        await db.WaitForRowsAsync("crawled_pages", 3, Patience);
        await db.WaitForRowsAsync("sink_dead_letters", 2, Patience);
        Assert.Equal(1, await db.CountAsync("sink_dead_letters", "error LIKE 'invalid JSON%'"));
        Assert.Equal(1, await db.CountAsync("sink_dead_letters", "error = 'not a crawled page: no url'"));

        using var timeout = new CancellationTokenSource(Patience);
        await using var reading = deadTopic.ReadAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await reading.MoveNextAsync());
        Assert.Equal("{not json", JsonNode.Parse(reading.Current.Text)!["data"]!.GetValue<string>());
    }

    [Fact]
    public async Task ADatabaseOutage_PausesTheSink_WhichRecoversByItself_LosingNothing()
    {
        await using var server = await PostgresServer.StartAsync();
        await server.CreateDatabaseAsync("outage");
        await using var bus = new MemoryMessageBus(JsonCodec.Instance);
        await using var sink = await SinkHost.StartAsync(bus, Sink.Databases.SinkDatabases.Open(server.Url("outage"), new()), SinkHost.Plan(batchSize: 50, maxAgeSeconds: 0.05));
        await ProducePagesAsync(bus, 100);
        await WaitUntilAsync(() => Task.FromResult(sink.Service.RowsWritten == 100), "the first 100 rows");

        await server.StopAsync();
        await ProducePagesAsync(bus, 300, from: 100);
        await sink.Log.WaitForAsync("Database unavailable", Patience);
        Assert.NotNull(sink.Health.Outage);
        await server.StartAgainAsync();

        await sink.Log.WaitForAsync("Database back after", Patience);
        await WaitUntilAsync(() => Task.FromResult(sink.Service.RowsWritten == 400), "all 400 rows");
        Assert.Null(sink.Health.Outage);
        Assert.Equal("400", await server.QueryAsync("outage", "SELECT count(DISTINCT url) FROM crawled_pages"));
        Assert.Equal("400", await server.QueryAsync("outage", "SELECT count(*) FROM crawled_pages"));
    }

    [Fact]
    public async Task TheDatabaseDiesInsideTheTransaction_NothingIsCommittedOnTheBus_AndTheNextSinkStoresEveryMessageOnce()
    {
        await using var server = await PostgresServer.StartAsync();
        await server.CreateDatabaseAsync("dies");
        await using var redis = await RedisServer.StartAsync();
        var plan = SinkHost.Plan(batchSize: 10, maxAgeSeconds: 0.05);
        await using (var dying = await SinkHost.StartAsync(NewBus(redis), Sink.Databases.SinkDatabases.Open(server.Url("dies"), new()), plan))
        {
            // Every insert now ends its own server process mid-transaction: the connection drops with the rows unwritten.
            await server.QueryAsync("dies", """
                CREATE FUNCTION die() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$;
                CREATE TRIGGER die BEFORE INSERT ON crawled_pages FOR EACH STATEMENT EXECUTE FUNCTION die();
                """);
            await using var producer = NewBus(redis);
            await ProducePagesAsync(producer, 30);
            await dying.Log.WaitForAsync("Database unavailable", Patience);

            // The database failed inside the transaction: every message the sink read is still pending, none committed
            // (the sink may not have read all 30 before its first batch failed and it paused).
            var group = (await redis.Connection.GetDatabase().StreamGroupInfoAsync(RedisStreamKeys.Stream(SinkMessages.Pages))).Single(g => g.Name == "sink-test");
            Assert.InRange(group.EntriesRead ?? 0, 10, 30);
            Assert.Equal(group.EntriesRead, group.PendingMessageCount);
            Assert.Equal("0", await server.QueryAsync("dies", "SELECT count(*) FROM crawled_pages"));
        }

        await server.QueryAsync("dies", "DROP TRIGGER die ON crawled_pages");
        await using var next = await SinkHost.StartAsync(NewBus(redis), Sink.Databases.SinkDatabases.Open(server.Url("dies"), new()), plan);
        await WaitUntilAsync(async () => await PendingAsync(redis) == 0, "the 30 messages stored and committed by the next sink");
        Assert.Equal("30", await server.QueryAsync("dies", "SELECT count(*) FROM crawled_pages"));
        Assert.Equal("30", await server.QueryAsync("dies", "SELECT count(DISTINCT url) FROM crawled_pages"));
    }

    [Fact]
    public async Task TwoSinksInOneGroup_ShareThePartitions_AndStoreEachMessageOnce()
    {
        using var cluster = KafkaMockCluster.Start(brokers: 1);
        cluster.CreateTopics([SinkMessages.Events]); // 4 partitions: two each
        // Short sessions: the mock broker completes a rebalance only when the members' sessions say so.
        var options = new BusOptions
        {
            Platform = "kafka", KafkaHosts = [cluster.BootstrapServers], CommitIntervalMs = 100, SessionTimeoutMs = 6000, HeartbeatIntervalMs = 500, LingerMs = 5,
        };
        await using var bus = new KafkaMessageBus(options, JsonCodec.Instance, NullLogger.Instance);
        await using var db = await TestDatabase.PostgresAsync(postgres.Server);
        await using (var migrate = db.Open())
        {
            await migrate.MigrateAsync(CancellationToken.None);
        }

        var plan = SinkHost.Plan(SinkMessages.Events, batchSize: 100, maxAgeSeconds: 0.05);
        await using var first = await SinkHost.StartAsync(bus, db.Open(), plan);
        await using var second = await SinkHost.StartAsync(bus, db.Open(), plan);

        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i =>
            bus.ProduceAsync(SinkMessages.Events, BusMessage.FromJson($"{{\"n\": {i}}}", key: $"k{i}"), CancellationToken.None).AsTask()));

        await db.WaitForRowsAsync("events", 2000, Patience);
        Assert.Equal(2000, await db.CountAsync("events"));
        Assert.Equal(2000L, Convert.ToInt64(await db.ScalarAsync("SELECT count(DISTINCT data ->> 'n') FROM events"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(first.Service.RowsWritten > 0 && second.Service.RowsWritten > 0, $"rows: {first.Service.RowsWritten} and {second.Service.RowsWritten}");
    }

    private static async Task ProducePagesAsync(IMessageBus bus, int count, int from = 0)
    {
        for (var i = from; i < from + count; i++)
        {
            await bus.ProduceAsync(SinkMessages.Pages, BusMessage.FromJson(SinkMessages.Page(i).ToJsonString()), CancellationToken.None);
        }
    }

    // A short claim time: the next sink takes over what a stopped one left uncommitted at once.
    private static RedisStreamsMessageBus NewBus(RedisServer redis) =>
        new(redis.Connection, JsonCodec.Instance, 100_000, TimeSpan.FromSeconds(1), NullLogger.Instance);

    private static async Task<long> PendingAsync(RedisServer redis)
    {
        var pending = await redis.Connection.GetDatabase().StreamPendingAsync(RedisStreamKeys.Stream(SinkMessages.Pages), "sink-test");
        return pending.PendingMessageCount;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
