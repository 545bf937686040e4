using CrawlCluster.Core.Store;
using System.Diagnostics;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Stats;
using CrawlCluster.KafkaMonitor;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Kafka;
using CrawlCluster.Messaging.Memory;
using CrawlCluster.Messaging.Redis;
using CrawlCluster.Store.Connection;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CrawlCluster.Harness.Ingest;

/// <summary>
/// Requests per second one Kafka Monitor process validates and writes to redis-server, per bus platform and per plugin:
/// the requests are put on the incoming topic first, then the clock runs from the monitor's start until it has handled
/// them all. Stats are on with the default six windows, as in production.
/// </summary>
internal static class IngestThroughput
{
    private static readonly Dictionary<string, Func<int, string>> Requests = new()
    {
        ["crawl"] = i => $$"""{"url":"http://site{{i % 1000}}.example.com/page/{{i}}","appid":"benchapp","crawlid":"c{{i % 50}}","maxdepth":1,"priority":{{1 + (i % 10)}}}""",
        ["action"] = i => $$"""{"uuid":"u{{i}}","appid":"benchapp","spiderid":"link","crawlid":"c{{i % 50}}","action":"info"}""",
        ["stats"] = i => $$"""{"uuid":"u{{i}}","appid":"benchapp","stats":"queue"}""",
        ["config"] = i => $$"""{"uuid":"u{{i}}","appid":"benchapp","domain":"site{{i % 1000}}.com","action":"domain-update","hits":60,"window":60}""",
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        await using var server = await RedisServer.StartAsync();

        // The monitor's connection as production opens it, not the fixture's.
        await using var store = (ConnectionMultiplexer)await RedisConnection.ConnectAsync(new RedisOptions { Host = "127.0.0.1", Port = server.Port });
        var redis = new Store(server, store);
        using var kafka = KafkaMockCluster.Start();
        Console.WriteLine("| platform | requests | count | requests/s |");
        Console.WriteLine("|---|---|---:|---:|");
        var platforms = new (string Name, Func<IMessageBus> Create, int Count)[]
        {
            ("memory", () => new MemoryMessageBus(JsonCodec.Instance, new MemoryBusOptions { MaxMessagesPerPartition = 1_000_000 }), quick ? 20_000 : 200_000),
            ("redis", () => new RedisStreamsMessageBus(store, JsonCodec.Instance, 2_000_000, TimeSpan.FromMinutes(5), NullLogger.Instance), quick ? 20_000 : 100_000),
            ("kafka (mock)", () => new KafkaMessageBus(new BusOptions { Platform = "kafka", KafkaHosts = [kafka.BootstrapServers], SessionTimeoutMs = 6000, HeartbeatIntervalMs = 2000 }, JsonCodec.Instance, NullLogger.Instance), quick ? 10_000 : 40_000),
        };
        // Warm-up (tiered JIT, schema parsing, script cache; it takes tens of thousands of requests) so the first row is not charged for it.
        await MeasureAsync(redis, "warm-up", platforms[0].Create, "crawl", 50_000, print: false);
        foreach (var (name, create, count) in platforms)
        {
            await MeasureAsync(redis, name, create, "crawl", count);
        }

        foreach (var kind in new[] { "action", "stats", "config" })
        {
            await MeasureAsync(redis, "memory", platforms[0].Create, kind, quick ? 20_000 : 100_000);
        }

        return 0;
    }

    private sealed record Store(RedisServer Server, IConnectionMultiplexer Connection)
    {
        public Task FlushAsync() => Server.FlushAsync();
    }

    private static async Task MeasureAsync(Store redis, string platform, Func<IMessageBus> create, string kind, int count, bool print = true)
    {
        await redis.FlushAsync();
        await using var bus = create();
        var options = new KafkaMonitorOptions { IncomingTopic = $"bench.incoming.{Guid.NewGuid():N}", Group = "bench" };
        await bus.EnsureTopicAsync(options.IncomingTopic, CancellationToken.None);
        var pending = new List<Task>(1000);
        for (var i = 0; i < count; i++)
        {
            pending.Add(bus.ProduceAsync(options.IncomingTopic, BusMessage.FromJson(Requests[kind](i), key: (i % 64).ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None).AsTask());
            if (pending.Count == 1000)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
        using var stop = new CancellationTokenSource();
        await using var services = ComponentServices.Create(redis.Connection, bus, NullLoggerFactory.Instance)
            .AddKafkaMonitor(options, new StatsOptions { DumpSeconds = 0 }).BuildServiceProvider();
        var service = services.GetRequiredService<KafkaMonitorService>();
        var clock = Stopwatch.StartNew();
        await service.StartAsync(stop.Token);
        await service.Stats.WaitForFinishedAsync(count, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(10));
        var seconds = clock.Elapsed.TotalSeconds;
        await service.StopAsync(CancellationToken.None);

        var failed = service.Stats.Failed;
        if (!print)
        {
            return;
        }

        Console.WriteLine($"| {platform} | {kind}{(failed > 0 ? $" ({failed} failed!)" : "")} | {count:N0} | {count / seconds:N0} |");
    }
}
