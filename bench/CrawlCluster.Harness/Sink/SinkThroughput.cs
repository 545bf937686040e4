using System.Diagnostics;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Sink;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Memory;
using CrawlCluster.Sink;
using CrawlCluster.Sink.Databases;
using CrawlCluster.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CrawlCluster.Harness.Sink;

/// <summary>
/// Rows/s the sink lands in PostgreSQL (durable defaults: fsync and synchronous commit on) and SQLite, for 1 KB JSON
/// events and 10 KB crawled pages at batch sizes 100, 1,000 and 10,000 — the whole sink (read from the in-memory bus,
/// parse, batch, write, commit) — against the seed's "old code", one autocommitted INSERT per message, in the same run.
/// CPU per row is this process's (the sink's) CPU time over the rows; the database server's is not in it.
/// </summary>
internal static class SinkThroughput
{
    private const int Repetitions = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var counts = new Dictionary<string, int> { ["events"] = quick ? 20_000 : 200_000, ["pages"] = quick ? 5_000 : 30_000 };
        var naiveCount = quick ? 1_000 : 5_000;
        await using var postgres = await PostgresServer.StartAsync(durable: true);
        var folder = Directory.CreateTempSubdirectory("crawlcluster-sink-bench-").FullName;

        Console.WriteLine($"{counts["events"]:N0} events of ~1 KB, {counts["pages"]:N0} crawled pages of ~10 KB; naive baseline: {naiveCount:N0} messages, one INSERT (autocommit) each.");
        Console.WriteLine();
        Console.WriteLine("| database | payload | path | batch | rows/s, median of 3 (range) | CPU µs/row (sink) |");
        Console.WriteLine("|---|---|---|---:|---:|---:|");
        // --only postgres|sqlite|events|pages narrows the run (for profiling one case).
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        foreach (var database in new[] { "postgres", "sqlite" }.Where(d => only is null or "events" or "pages" || only == d))
        {
            foreach (var payload in new[] { "events", "pages" }.Where(p => only is null or "postgres" or "sqlite" || only == p))
            {
                var topic = payload == "pages" ? "bench.crawled_firehose" : "bench.events";
                var messages = Messages(payload, counts[payload]);
                var naive = await NaiveAsync(database, postgres, folder, messages.Take(naiveCount).ToList());
                Console.WriteLine($"| {Name(database)} | {payload} | naive INSERT per message | 1 | {naive.RowsPerSecond:N0} | {naive.CpuMicroseconds:N0} |");
                foreach (var batch in new[] { 100, 1_000, 10_000 })
                {
                    // The median of three runs, with the range: fsync latency on a shared disk moves single runs a lot.
                    var runs = new List<(double RowsPerSecond, double CpuMicroseconds)>();
                    for (var run = 0; run < Repetitions; run++)
                    {
                        runs.Add(await SinkAsync(await FreshDatabaseAsync(database, postgres, folder), topic, messages, batch));
                    }

                    runs.Sort((a, b) => a.RowsPerSecond.CompareTo(b.RowsPerSecond));
                    var median = runs[runs.Count / 2];
                    Console.WriteLine($"| {Name(database)} | {payload} | sink | {batch:N0} | {median.RowsPerSecond:N0} ({runs[0].RowsPerSecond:N0}–{runs[^1].RowsPerSecond:N0}) | {median.CpuMicroseconds:N1} |");
                }
            }
        }

        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static string Name(string database) => database == "postgres" ? "PostgreSQL 15" : "SQLite (WAL)";

    private static List<byte[]> Messages(string payload, int count) =>
        [.. Enumerable.Range(0, count).Select(i => System.Text.Encoding.UTF8.GetBytes((payload == "pages" ? Page(i) : Event(i)).ToJsonString()))];

    // ~1 KB: an application event such as the Kiwi path carries.
    private static JsonObject Event(int i) => new()
    {
        ["event"] = "search", ["n"] = i, ["user"] = $"user-{i % 977}", ["received"] = "2026-12-02T10:00:00.000000",
        ["query"] = new JsonObject { ["from"] = "PRG", ["to"] = "BCN", ["passengers"] = 2, ["text"] = new string('q', 800) },
    };

    // ~10 KB: a crawled page as the crawler publishes it.
    private static JsonObject Page(int i) => new()
    {
        ["appid"] = "bench", ["crawlid"] = "c1", ["url"] = $"http://site{i % 20}.test/p{i}", ["response_url"] = $"http://site{i % 20}.test/p{i}",
        ["status_code"] = 200, ["status_msg"] = "OK", ["timestamp"] = "2026-12-02T10:00:00.123456", ["encoding"] = "utf-8",
        ["body"] = "<html><body>" + new string('w', 9_000) + "</body></html>",
        ["links"] = new JsonArray([.. Enumerable.Range(0, 20).Select(l => (JsonNode)new JsonObject { ["url"] = $"http://site{i % 20}.test/p{i + l}", ["text"] = "link" })]),
        ["response_headers"] = new JsonObject { ["Content-Type"] = new JsonArray("text/html") },
        ["attrs"] = null,
    };

    private static async Task<string> FreshDatabaseAsync(string database, PostgresServer postgres, string folder)
    {
        var name = "bench_" + Guid.NewGuid().ToString("N")[..8];
        if (database == "postgres")
        {
            await postgres.CreateDatabaseAsync(name);
            return postgres.Url(name);
        }

        return "sqlite:///" + Path.Combine(folder, name + ".db");
    }

    private static async Task<(double RowsPerSecond, double CpuMicroseconds)> SinkAsync(string url, string topic, List<byte[]> messages, int batch)
    {
        await using var bus = new MemoryMessageBus(JsonCodec.Instance);
        foreach (var message in messages)
        {
            await bus.ProduceAsync(topic, new BusMessage(message), CancellationToken.None);
        }

        await using var database = SinkDatabases.Open(url, new SinkTables());
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton<IMessageBus>(bus);
        builder.Services.AddSingleton(database);
        builder.Services.AddSink(new SinkPlan { Topics = [topic], Group = "bench", BatchSize = batch, BatchMaxAge = TimeSpan.FromMilliseconds(50) });
        using var host = builder.Build();
        var sink = host.Services.GetRequiredService<SinkService>();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await host.StartAsync();
        while (sink.RowsWritten < messages.Count)
        {
            await Task.Delay(5);
        }

        var elapsed = clock.Elapsed;
        process.Refresh();
        var used = process.TotalProcessorTime - cpu;
        await host.StopAsync();
        return (messages.Count / elapsed.TotalSeconds, used.TotalMicroseconds / messages.Count);
    }

    /// <summary>The seed's old code: each message its own INSERT and its own commit.</summary>
    private static async Task<(double RowsPerSecond, double CpuMicroseconds)> NaiveAsync(string database, PostgresServer postgres, string folder, List<byte[]> messages)
    {
        var url = await FreshDatabaseAsync(database, postgres, folder);
        var texts = messages.Select(m => System.Text.Encoding.UTF8.GetString(m)).ToList();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        if (database == "postgres")
        {
            var name = url[(url.LastIndexOf('/') + 1)..];
            await using var connection = new NpgsqlConnection(postgres.ConnectionString(name));
            await connection.OpenAsync();
            await using (var create = new NpgsqlCommand("CREATE TABLE naive (id bigserial PRIMARY KEY, data jsonb NOT NULL)", connection))
            {
                await create.ExecuteNonQueryAsync();
            }

            foreach (var text in texts)
            {
                await using var insert = new NpgsqlCommand("INSERT INTO naive (data) VALUES ($1::jsonb)", connection);
                insert.Parameters.Add(new NpgsqlParameter { Value = text });
                await insert.ExecuteNonQueryAsync();
            }
        }
        else
        {
            await using var connection = new SqliteConnection($"Data Source={url["sqlite:///".Length..]};Pooling=false");
            await connection.OpenAsync();
            await using (var create = new SqliteCommand("PRAGMA journal_mode=WAL; CREATE TABLE naive (id INTEGER PRIMARY KEY, data TEXT NOT NULL)", connection))
            {
                await create.ExecuteNonQueryAsync();
            }

            foreach (var text in texts)
            {
                await using var insert = new SqliteCommand("INSERT INTO naive (data) VALUES ($data)", connection);
                insert.Parameters.AddWithValue("$data", text);
                await insert.ExecuteNonQueryAsync();
            }
        }

        var elapsed = clock.Elapsed;
        process.Refresh();
        return (texts.Count / elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalMicroseconds / texts.Count);
    }
}
