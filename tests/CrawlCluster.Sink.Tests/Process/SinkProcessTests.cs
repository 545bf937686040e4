using System.Globalization;
using CrawlCluster.Core.Bus;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Redis;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrawlCluster.Sink.Tests.Process;

/// <summary>The built <c>crawlcluster sink</c> as users run it: Redis Streams in front, a real PostgreSQL behind.</summary>
[Collection("postgres")]
[Trait("Kind", "Integration")]
public sealed class SinkProcessTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task KilledMidStream_ThenRestarted_StoresEveryMessageExactlyOnce()
    {
        const int Total = 20_000;
        await using var db = await TestDatabase.PostgresAsync(postgres.Server);
        var environment = Environment(db.Url, SinkMessages.Events);
        await using var bus = Bus();

        var sink = RunningProcess.StartCrawlCluster(environment, "sink");
        await sink.WaitForLineAsync("Sink started", Patience);
        var producing = ProduceEventsAsync(bus, Total);
        await WaitUntilAsync(async () => await db.TryCountAsync("events") >= 2_000, "the first rows", sink);

        // SIGKILL mid-stream: batches in the buffer, one perhaps between the database's commit and the bus's.
        sink.Kill();
        await sink.WaitForExitAsync(Patience);
        var atKill = await db.CountAsync("events");
        await producing;
        Assert.InRange(atKill, 1, Total - 1);

        await using var restarted = RunningProcess.StartCrawlCluster(environment, "sink");
        await db.WaitForRowsAsync("events", Total, Patience);

        Assert.Equal(Total, await db.CountAsync("events"));
        Assert.Equal(Total, Convert.ToInt64(await db.ScalarAsync("SELECT count(DISTINCT data ->> 'n') FROM events"), CultureInfo.InvariantCulture));
        await sink.DisposeAsync();
    }

    [Fact]
    public async Task PostgresStoppedFor30Seconds_During50000Messages_AllAreStoredOnce_AndTheSinkNeverExits()
    {
        const int Total = 50_000;
        await using var server = await PostgresServer.StartAsync();
        await server.CreateDatabaseAsync("outage");
        var environment = Environment(server.Url("outage"), SinkMessages.Events);
        await using var bus = Bus();
        var metricsPort = FreePort.Next();
        await using var sink = RunningProcess.StartCrawlCluster(environment, "sink", "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture));
        await sink.WaitForLineAsync("Sink started", Patience);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}/"), Timeout = Patience };

        var producing = ProduceEventsAsync(bus, Total, paced: true);
        await WaitUntilAsync(async () => long.Parse(await server.QueryAsync("outage", "SELECT count(*) FROM events"), CultureInfo.InvariantCulture) >= 5_000,
            "the first rows", sink);
        await server.StopAsync();
        await sink.WaitForLineAsync("Database unavailable", Patience);
        var health = await http.GetAsync(new Uri("health", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());

        // The outage itself: the scenario's 30 seconds, while the stream goes on.
        await Task.Delay(TimeSpan.FromSeconds(30));
        Assert.False(sink.HasExited, sink.AllText);
        await server.StartAgainAsync();
        await sink.WaitForLineAsync("Database back after", Patience);
        await producing;

        var rows = 0L;
        await WaitUntilAsync(async () => (rows = long.Parse(await server.QueryAsync("outage", "SELECT count(*) FROM events"), CultureInfo.InvariantCulture)) >= Total,
            $"all {Total} rows", sink);
        Assert.Equal(Total, rows);
        Assert.Equal(Total.ToString(CultureInfo.InvariantCulture), await server.QueryAsync("outage", "SELECT count(DISTINCT data ->> 'n') FROM events"));
        Assert.False(sink.HasExited, sink.AllText);

        // The outage in the metrics and the health: counted, and over.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("health", UriKind.Relative))).StatusCode);
        var metrics = PrometheusText.Parse(await http.GetStringAsync(new Uri("metrics", UriKind.Relative)));
        // Messages stored, redeliveries included: unacknowledged ones are claimed again during a long outage (REDIS_STREAMS_CLAIM_IDLE_MS),
        // and the table's primary key keeps them to one row each.
        Assert.True(PrometheusText.Sum(metrics, "crawlcluster_sink_rows_total", ("table", "events")) >= Total);
        Assert.True(PrometheusText.Sum(metrics, "crawlcluster_sink_database_errors_total", ("failure", "outage")) > 0);
        Assert.Equal(0, PrometheusText.Sum(metrics, "crawlcluster_sink_outage"));
    }

    [Fact]
    public async Task JsonFedToATopic_LandsInTheEventsTable_WithItsReceivedTime()
    {
        await using var db = await TestDatabase.PostgresAsync(postgres.Server);
        var environment = Environment(db.Url, "demo.signups");
        await using var sink = RunningProcess.StartCrawlCluster(environment, "sink");
        await sink.WaitForLineAsync("Sink started", Patience);

        await using var feed = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "feed", "--topic", "demo.signups",
            """[{"user": "ada", "plan": "pro"}, {"user": "bob"}, 42]""");
        Assert.Equal(0, await feed.WaitForExitAsync(Patience));

        await db.WaitForRowsAsync("events", 3, Patience);
        Assert.Equal(2, await db.CountAsync("events", "topic = 'demo.signups' AND data ? 'received' AND data ? 'user'"));
        Assert.Equal(1, await db.CountAsync("events", "data = '42'::jsonb"));
        Assert.Equal("pro", await db.ScalarAsync("SELECT data ->> 'plan' FROM events WHERE data ->> 'user' = 'ada'"));
    }

    [Fact]
    public async Task JsonPostedToTheGateway_GoesThroughTheBus_IntoTheEventsTable()
    {
        await using var db = await TestDatabase.PostgresAsync(postgres.Server);
        var environment = Environment(db.Url, "demo.orders");
        await using var sink = RunningProcess.StartCrawlCluster(environment, "sink");
        var port = FreePort.Next();
        environment["FLASK_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        await using var gateway = RunningProcess.StartCrawlCluster(environment, "rest");
        await sink.WaitForLineAsync("Sink started", Patience);
        await gateway.WaitForLineAsync("Rest gateway listening on", Patience);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Patience };

        var response = await http.PostAsync(new Uri("api/v1/topics/demo.orders/messages", UriKind.Relative),
            new StringContent("""[{"order": 1, "total": 9.5}, {"order": 2}, "plain text"]""", System.Text.Encoding.UTF8, "application/json"));
        var answer = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, answer["data"]!["published"]!.GetValue<int>());

        await db.WaitForRowsAsync("events", 3, Patience);
        Assert.Equal(2, await db.CountAsync("events", "topic = 'demo.orders' AND data ? 'order' AND data ? 'received'"));
        Assert.Equal(1, await db.CountAsync("events", "data = '\"plain text\"'::jsonb"));

        var refused = await http.PostAsync(new Uri("api/v1/topics/demo.incoming/messages", UriKind.Relative),
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Migrate_BringsTheSchemaUpToDate_AndSaysSo()
    {
        await using var db = TestDatabase.Sqlite();

        await using var migrate = RunningProcess.StartCrawlCluster(new Dictionary<string, string> { ["SINK_DATABASE_URL"] = db.Url }, "sink", "migrate");

        Assert.Equal(0, await migrate.WaitForExitAsync(Patience));
        Assert.Contains("schema at version 1", migrate.AllText, StringComparison.Ordinal);
        Assert.Equal(0, await db.CountAsync("crawled_pages"));
    }

    [Theory]
    [InlineData("mysql://db/x", "SINK_DATABASE_URL must start with postgresql:// or sqlite:///", 2)]
    [InlineData("postgresql://crawl@127.0.0.1:1/x", "PostgreSQL 127.0.0.1:1/x", 1)]
    public async Task ABadOrUnreachableDatabase_IsOneLine_WithoutAStackTrace(string url, string message, int exitCode)
    {
        await using var migrate = RunningProcess.StartCrawlCluster(new Dictionary<string, string> { ["SINK_DATABASE_URL"] = url }, "sink", "migrate");

        Assert.Equal(exitCode, await migrate.WaitForExitAsync(Patience));
        Assert.Contains(message, migrate.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", migrate.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingDatabase_StopsTheSink_WithOneLine()
    {
        var environment = Environment(postgres.Server.Url("does_not_exist"), SinkMessages.Events);
        await using var sink = RunningProcess.StartCrawlCluster(environment, "sink");

        Assert.Equal(2, await sink.WaitForExitAsync(Patience));
        Assert.Contains("the sink stopped", sink.AllText, StringComparison.Ordinal);
        Assert.Contains("does_not_exist", sink.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", sink.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrawlWithDb_LandsEveryPageInSqlite()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/" => LocalHttpResponse.Html("<a href='/a'>a</a><a href='/b'>b</a><a href='/c'>c</a>"),
            "/robots.txt" => new LocalHttpResponse(404, []),
            _ => LocalHttpResponse.Html($"<title>{request.Path}</title>"),
        });
        var folder = Directory.CreateTempSubdirectory("crawlcluster-crawl-db-").FullName;
        var path = Path.Combine(folder, "pages.db");
        await using var db = TestDatabase.SqliteAt(path);

        await using var crawl = RunningProcess.StartCrawlCluster(new Dictionary<string, string> { ["QUEUE_HITS"] = "100", ["QUEUE_WINDOW"] = "1" },
            "crawl", site.Url("/").ToString(), "--depth", "1", "--db", path, "--out", Path.Combine(folder, "pages.jsonl"));

        Assert.Equal(0, await crawl.WaitForExitAsync(Patience));
        Assert.Equal(4, await db.CountAsync("crawled_pages"));
        Assert.Equal(4, await db.CountAsync("crawled_pages", "status_code = 200 AND crawlid IS NOT NULL"));
        Assert.Contains("4 rows in SQLite", crawl.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpWithSinkDatabaseUrl_LandsWhatItCrawlsInPostgres()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/" => LocalHttpResponse.Html("<a href='/a'>a</a><a href='/b'>b</a>"),
            "/robots.txt" => new LocalHttpResponse(404, []),
            _ => LocalHttpResponse.Html($"<title>{request.Path}</title>"),
        });
        await using var db = await TestDatabase.PostgresAsync(postgres.Server);
        await using var up = RunningProcess.StartCrawlCluster(new Dictionary<string, string>
        {
            ["SINK_DATABASE_URL"] = db.Url, ["QUEUE_HITS"] = "1000", ["QUEUE_MODERATED"] = "false", ["SCHEDULER_IP_ENABLED"] = "false",
        }, "up");
        Assert.Contains("and a sink writing demo.crawled_firehose to PostgreSQL", await up.WaitForLineAsync("CrawlCluster is up", Patience), StringComparison.Ordinal);
        var exports = (await up.WaitForLineAsync("export QUEUE_PLATFORM=kafka", Patience)).Trim()["export ".Length..];
        var environment = exports.Split(' ').Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);

        await using (var feed = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "feed",
            $$"""{"url": "{{site.Url("/")}}", "appid": "testapp", "crawlid": "up-sink", "maxdepth": 1}"""))
        {
            Assert.Equal(0, await feed.WaitForExitAsync(Patience));
        }

        await db.WaitForRowsAsync("crawled_pages", 3, Patience);
        Assert.Equal(3, await db.CountAsync("crawled_pages", "crawlid = 'up-sink' AND appid = 'testapp' AND status_code = 200"));
        up.Terminate();
        Assert.Equal(0, await up.WaitForExitAsync(Patience));
    }

    private Dictionary<string, string> Environment(string databaseUrl, string topic) => new()
    {
        ["QUEUE_PLATFORM"] = "redis",
        ["REDIS_HOST"] = "127.0.0.1",
        ["REDIS_PORT"] = _redis.Port.ToString(CultureInfo.InvariantCulture),
        ["SINK_DATABASE_URL"] = databaseUrl,
        ["SINK_TOPICS"] = topic,
        ["SINK_BATCH_SIZE"] = "500",
        ["SINK_RETRY_MAX_DELAY"] = "1",
        // A killed sink's unacknowledged messages go to the next one after 2 s instead of 30.
        ["REDIS_STREAMS_CLAIM_IDLE_MS"] = "2000",
    };

    private RedisStreamsMessageBus Bus() => new(_redis.Connection, JsonCodec.Instance, 1_000_000, TimeSpan.FromSeconds(30), NullLogger.Instance);

    /// <summary>Publishes events <c>{"n": i}</c> in chunks; <paramref name="paced"/> spreads them over about a minute.</summary>
    private static async Task ProduceEventsAsync(IMessageBus bus, int total, bool paced = false)
    {
        const int Chunk = 500;
        for (var start = 0; start < total; start += Chunk)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(Chunk, total - start)).Select(i =>
                bus.ProduceAsync(SinkMessages.Events, BusMessage.FromJson($"{{\"n\": {i}, \"pad\": \"{new string('x', 200)}\"}}"), CancellationToken.None).AsTask()));
            if (paced)
            {
                await Task.Delay(500);
            }
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, RunningProcess process)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}:\n{process.AllText}");
            Assert.False(process.HasExited, $"the sink exited while waiting for {what}:\n{process.AllText}");
            await Task.Delay(50);
        }
    }
}
