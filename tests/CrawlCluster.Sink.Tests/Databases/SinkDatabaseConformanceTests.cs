using System.Text;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Sink;
using CrawlCluster.Sink.Records;

namespace CrawlCluster.Sink.Tests.Databases;

/// <summary>What every sink database adapter does, checked against the real database.</summary>
public abstract class SinkDatabaseConformanceTests
{
    private protected static readonly DateTimeOffset Received = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    internal abstract Task<TestDatabase> CreateAsync();

    [Fact]
    public async Task Migrate_CreatesTheTables_AndCanRunAgain()
    {
        await using var db = await CreateAsync();
        await using var sink = db.Open();

        Assert.Equal(1, await sink.MigrateAsync(CancellationToken.None));
        Assert.Equal(1, await sink.MigrateAsync(CancellationToken.None));

        Assert.Equal(0, await db.CountAsync("crawled_pages"));
        Assert.Equal(0, await db.CountAsync("events"));
        Assert.Equal(0, await db.CountAsync("sink_dead_letters"));
        Assert.Equal(1L, Convert.ToInt64(await db.ScalarAsync("SELECT version FROM crawlcluster_sink_schema WHERE pages_table = 'crawled_pages'"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task PagesAndEvents_GoToTheirTables_WithTypedColumns()
    {
        await using var db = await CreateAsync();
        await using var sink = db.Open();
        await sink.MigrateAsync(CancellationToken.None);

        await sink.WriteAsync([Page(7, "10"), Event(new JsonObject { ["kind"] = "signup", ["n"] = 1 }, "1-0")], CancellationToken.None);

        Assert.Equal(1, await db.CountAsync("crawled_pages", "url = 'http://127.0.0.1/p7' AND status_code = 200 AND crawlid = 'crawl1' AND appid = 'testapp' AND position = '10'"));
        Assert.Equal("text/html", await db.ScalarAsync(JsonText("headers", "Content-Type")));
        Assert.StartsWith("2026-12-02T10:00:00.123456", (string)(await db.ScalarAsync($"SELECT {CrawledAtText} FROM crawled_pages"))!, StringComparison.Ordinal);
        Assert.Equal("<html><title>Page 7</title></html>", await db.ScalarAsync("SELECT body FROM crawled_pages"));
        Assert.Equal(1, await db.CountAsync("events", "topic = 'demo.events' AND position = '1-0'"));
        Assert.Equal("signup", await db.ScalarAsync(JsonText("data", "kind", "events")));
    }

    [Fact]
    public async Task TheSameMessagesWrittenTwice_AreStoredOnce()
    {
        await using var db = await CreateAsync();
        await using var sink = db.Open();
        await sink.MigrateAsync(CancellationToken.None);
        var batch = Enumerable.Range(0, 50).Select(i => Page(i, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

        await sink.WriteAsync(batch, CancellationToken.None);
        await sink.WriteAsync(batch, CancellationToken.None);
        await sink.WriteAsync(batch.Take(10).Concat(batch.Take(10)).ToList(), CancellationToken.None);

        Assert.Equal(50, await db.CountAsync("crawled_pages"));
    }

    [Fact]
    public async Task OneUrl_OnTwoPartitions_IsTwoRows_ByPosition()
    {
        await using var db = await CreateAsync();
        await using var sink = db.Open();
        await sink.MigrateAsync(CancellationToken.None);

        await sink.WriteAsync([Page(1, "5", partition: 0), Page(1, "5", partition: 1)], CancellationToken.None);

        Assert.Equal(2, await db.CountAsync("crawled_pages", "url = 'http://127.0.0.1/p1'"));
    }

    [Fact]
    public async Task Base64Body_IsStoredAsBytes()
    {
        await using var db = await CreateAsync();
        await using var sink = db.Open();
        await sink.MigrateAsync(CancellationToken.None);
        var page = SinkMessages.Page(1);
        page["body"] = Convert.ToBase64String([0xff, 0x00, 0x41]);
        page["body_encoding"] = "base64";

        await sink.WriteAsync([Read(SinkMessages.Pages, page, "1")], CancellationToken.None);

        Assert.Equal(new byte[] { 0xff, 0x00, 0x41 }, await db.ScalarAsync("SELECT body_bytes FROM crawled_pages"));
        Assert.Equal(1, await db.CountAsync("crawled_pages", "body IS NULL"));
    }

    [Fact]
    public async Task UpsertByPage_KeepsTheNewestRowPerPage()
    {
        await using var db = await CreateAsync();
        await using var sink = db.Open(new SinkTables(UpsertByPage: true));
        await sink.MigrateAsync(CancellationToken.None);
        var older = Read(SinkMessages.Pages, SinkMessages.Page(1, body: "old", timestamp: "2026-01-01T00:00:00.000000"), "1");
        var newer = Read(SinkMessages.Pages, SinkMessages.Page(1, body: "new", timestamp: "2026-06-01T00:00:00.000000"), "2");
        var newest = Read(SinkMessages.Pages, SinkMessages.Page(1, body: "newest", timestamp: "2026-07-01T00:00:00.000000"), "4");

        await sink.WriteAsync([older], CancellationToken.None);
        await sink.WriteAsync([newer], CancellationToken.None);
        await sink.WriteAsync([older], CancellationToken.None); // redelivered: must not win over the newer row
        Assert.Equal("new", await db.ScalarAsync("SELECT body FROM crawled_pages"));
        await sink.WriteAsync([newest, newer], CancellationToken.None); // one batch, two versions: the newest wins

        Assert.Equal(1, await db.CountAsync("crawled_pages"));
        Assert.Equal("newest", await db.ScalarAsync("SELECT body FROM crawled_pages"));
    }

    [Fact]
    public async Task DeadLetters_KeepTheExactBytes_AndAreStoredOnce()
    {
        await using var db = await CreateAsync();
        await using var sink = db.Open();
        await sink.MigrateAsync(CancellationToken.None);
        byte[] payload = [0x7b, 0x00, 0xff, 0xfe];
        var letter = new DeadLetter { Topic = "demo.events", Position = "3-0", ReceivedAt = Received, Error = "invalid JSON: 'x'", Payload = payload, Key = "k\0ey" };

        await sink.WriteDeadLettersAsync([letter], CancellationToken.None);
        await sink.WriteDeadLettersAsync([letter], CancellationToken.None);

        Assert.Equal(1, await db.CountAsync("sink_dead_letters", "position = '3-0'"));
        Assert.Equal(payload, await db.ScalarAsync("SELECT payload FROM sink_dead_letters"));
        Assert.Equal("invalid JSON: 'x'", await db.ScalarAsync("SELECT error FROM sink_dead_letters"));
    }

    [Fact]
    public async Task OtherTableNames_AreUsed()
    {
        await using var db = await CreateAsync();
        await using var sink = db.Open(new SinkTables("pages_v2", "events_v2", "dead_v2"));
        await sink.MigrateAsync(CancellationToken.None);

        await sink.WriteAsync([Page(1, "1"), Event(new JsonObject(), "2")], CancellationToken.None);

        Assert.Equal(1, await db.CountAsync("pages_v2"));
        Assert.Equal(1, await db.CountAsync("events_v2"));
        Assert.Equal(0, await db.CountAsync("dead_v2"));
    }

    private protected abstract string JsonText(string column, string field, string table = "crawled_pages");

    /// <summary>crawled_at as ISO-8601 UTC text.</summary>
    private protected abstract string CrawledAtText { get; }

    private static SinkRecord Page(int i, string position, int partition = 0) => Read(SinkMessages.Pages, SinkMessages.Page(i), position, partition);

    private static SinkRecord Event(JsonNode value, string position) => Read(SinkMessages.Events, value, position);

    private static SinkRecord Read(string topic, JsonNode value, string position, int partition = 0) =>
        SinkRecordReader.Read(SinkMessages.Consumed(topic, Encoding.UTF8.GetBytes(value.ToJsonString()), position, partition), Received, out _)!;
}

[Collection("postgres")]
[Trait("Kind", "Integration")]
public sealed class PostgresSinkDatabaseTests(PostgresFixture postgres) : SinkDatabaseConformanceTests
{
    internal override Task<TestDatabase> CreateAsync() => TestDatabase.PostgresAsync(postgres.Server);

    private protected override string CrawledAtText => "to_char(crawled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')";

    private protected override string JsonText(string column, string field, string table = "crawled_pages") =>
        field == "Content-Type" ? $"SELECT {column} -> '{field}' ->> 0 FROM {table}" : $"SELECT {column} ->> '{field}' FROM {table}";

    [Fact]
    public async Task ARowPostgresRefuses_FailsAsRejected_AndWritesNothingOfTheBatch()
    {
        await using var db = await CreateAsync();
        await using var sink = db.Open();
        await sink.MigrateAsync(CancellationToken.None);
        var good = SinkRecordReader.Read(SinkMessages.Consumed(SinkMessages.Pages, SinkMessages.Page(1), "1"), Received, out _)!;
        var poison = SinkRecordReader.Read(SinkMessages.Consumed(SinkMessages.Pages, SinkMessages.Page(2, body: "nul \0 here"), "2"), Received, out _)!;

        var error = await Assert.ThrowsAsync<SinkDatabaseException>(() => sink.WriteAsync([good, poison], CancellationToken.None));

        Assert.Equal(SinkFailure.Rejected, error.Failure);
        Assert.Equal(0, await db.CountAsync("crawled_pages"));
        await sink.WriteAsync([good], CancellationToken.None); // the connection is usable after the failure
        Assert.Equal(1, await db.CountAsync("crawled_pages"));
    }

    [Fact]
    public async Task AnUnreachableServer_FailsAsAnOutage()
    {
        await using var sink = Sink.Databases.SinkDatabases.Open($"postgresql://crawl@127.0.0.1:{TestSupport.FreePort.Next()}/x", new SinkTables());

        var error = await Assert.ThrowsAsync<SinkDatabaseException>(() => sink.MigrateAsync(CancellationToken.None));

        Assert.Equal(SinkFailure.Outage, error.Failure);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task AMissingDatabase_IsFatal()
    {
        await using var sink = Sink.Databases.SinkDatabases.Open(postgres.Server.Url("no_such_database"), new SinkTables());

        var error = await Assert.ThrowsAsync<SinkDatabaseException>(() => sink.MigrateAsync(CancellationToken.None));

        Assert.Equal(SinkFailure.Fatal, error.Failure);
        Assert.Contains("no_such_database", error.Message, StringComparison.Ordinal);
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteSinkDatabaseTests : SinkDatabaseConformanceTests
{
    internal override Task<TestDatabase> CreateAsync() => Task.FromResult(TestDatabase.Sqlite());

    private protected override string CrawledAtText => "crawled_at";

    private protected override string JsonText(string column, string field, string table = "crawled_pages") =>
        field == "Content-Type" ? $"SELECT json_extract({column}, '$.\"{field}\"[0]') FROM {table}" : $"SELECT json_extract({column}, '$.{field}') FROM {table}";

    [Fact]
    public async Task TheDatabase_IsInWalMode()
    {
        await using var db = await CreateAsync();
        await using var sink = db.Open();
        await sink.MigrateAsync(CancellationToken.None);

        Assert.Equal("wal", await db.ScalarAsync("PRAGMA journal_mode"));
    }
}
