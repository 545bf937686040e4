using System.Diagnostics;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Jobs;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Stats;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Memory;
using CrawlCluster.RedisMonitor;
using CrawlCluster.RedisMonitor.Jobs;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CrawlCluster.Harness.RedisMonitor;

/// <summary>
/// The Redis Monitor on redis-server: how long an idle monitor takes to answer a new job, how long info and stop
/// take with 10,000 and 1,000,000 requests queued — against the original's approach (read every queued member) — and
/// what the adoption scan costs that counts requests the original queued straight into the queues.
/// </summary>
internal static class MonitorAnswerTime
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = args.Contains("--quick") ? new[] { 10_000 } : [10_000, 1_000_000];
        await using var redis = await RedisServer.StartAsync();
        Console.WriteLine("| queued requests | info, ours (ms) | info, the original's approach (ms) | stop, ours (ms) | requests purged |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            await redis.FlushAsync();
            await using var monitor = await Monitor.StartAsync(redis.Connection);
            await FillAsync(redis.Connection, size);
            var info = await TimeAsync(monitor, "info:link:bench:big", "info");
            var original = OriginalInfoMs(redis.Connection);
            var stop = await TimeAsync(monitor, "stop:link:bench:big", "stop");
            Console.WriteLine($"| {size:N0} | {info.Ms:N1} | {await original:N0} | {stop.Ms:N0} | {stop.Answer["total_purged"]!.GetValue<long>():N0} |");
        }

        Console.WriteLine();
        Console.WriteLine("| requests the original queued | domains | adoption scan, first (ms) | requests adopted | next scan (ms) | info after (ms) | info's total_pending |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (size, domains) in args.Contains("--quick") ? new[] { (10_000, 1_000) } : [(10_000, 1_000), (1_000_000, 1_000), (100_000, 100_000)])
        {
            await redis.FlushAsync();
            await using var monitor = await Monitor.StartAsync(redis.Connection);
            await FillAsTheOriginalAsync(redis.Connection, size, domains);
            var maintenance = StorePorts.For(redis.Connection).GetRequiredService<IFrontierMaintenance>();
            var clock = Stopwatch.StartNew();
            var first = await maintenance.AdoptForeignQueuesAsync("link", TimeSpan.Zero, CancellationToken.None);
            var firstMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var next = await maintenance.AdoptForeignQueuesAsync("link", TimeSpan.Zero, CancellationToken.None);
            var nextMs = clock.Elapsed.TotalMilliseconds;
            if (next.Requests != 0)
            {
                throw new InvalidOperationException($"the second scan adopted {next.Requests} requests again");
            }

            var info = await TimeAsync(monitor, "info:link:bench:big", "info");
            Console.WriteLine($"| {size:N0} | {domains:N0} | {firstMs:N0} | {first.Requests:N0} | {nextMs:N0} | {info.Ms:N1} | {info.Answer["total_pending"]!.GetValue<long>():N0} |");
        }

        await redis.FlushAsync();
        await using (var idle = await Monitor.StartAsync(redis.Connection))
        {
            var latencies = new List<double>();
            for (var i = 0; i < 200; i++)
            {
                latencies.Add((await TimeAsync(idle, $"info:link:idle{i}", "info")).Ms);
            }

            latencies.Sort();
            Console.WriteLine();
            Console.WriteLine($"idle monitor, post to answer on the bus: p50 {latencies[100]:F1} ms, p99 {latencies[197]:F1} ms, max {latencies[^1]:F1} ms (200 jobs)");
        }

        return 0;
    }

    private static async Task<(double Ms, JsonObject Answer)> TimeAsync(Monitor monitor, string key, string uuid)
    {
        var clock = Stopwatch.StartNew();
        await monitor.Jobs.PostAsync(key, uuid, CancellationToken.None);
        var answer = await monitor.NextAnswerAsync();
        return (clock.Elapsed.TotalMilliseconds, answer);
    }

    /// <summary>One crawl's requests over 1,000 domains, pushed as the Kafka Monitor pushes them.</summary>
    private static async Task FillAsync(IConnectionMultiplexer redis, int size)
    {
        var queue = StorePorts.For(redis).GetRequiredService<IFrontierQueue>();
        var batch = new List<FrontierPush>(1_000);
        for (var i = 0; i < size; i++)
        {
            var domain = $"domain{i % 1_000}.com";
            batch.Add(new FrontierPush("link", domain, $$"""{"url":"http:\/\/{{domain}}\/{{i}}","appid":"bench","crawlid":"big","spiderid":"link","priority":{{i % 5}}}""", i % 5));
            if (batch.Count == 1_000)
            {
                await queue.PushAsync(batch, CancellationToken.None);
                batch.Clear();
            }
        }

        await queue.PushAsync(batch, CancellationToken.None);
    }

    /// <summary>One crawl's requests as the original's Kafka Monitor writes them: straight into the queues, score −priority.</summary>
    private static async Task FillAsTheOriginalAsync(IConnectionMultiplexer redis, int size, int domains)
    {
        var db = redis.GetDatabase();
        var writes = new List<Task>(1_000);
        for (var i = 0; i < size; i++)
        {
            var domain = $"domain{i % domains}.com";
            writes.Add(db.SortedSetAddAsync(RedisKeys.Queue("link", domain),
                $$"""{"url":"http:\/\/{{domain}}\/{{i}}","appid":"bench","crawlid":"big","spiderid":"link","priority":{{i % 5}}}""", -(i % 5)));
            if (writes.Count == 1_000)
            {
                await Task.WhenAll(writes);
                writes.Clear();
            }
        }

        await Task.WhenAll(writes);
    }

    /// <summary>The original's info: ZSCAN every member of every queue of the spider and count the crawl's.</summary>
    private static async Task<double> OriginalInfoMs(IConnectionMultiplexer redis)
    {
        var clock = Stopwatch.StartNew();
        var db = redis.GetDatabase();
        var server = redis.GetServers()[0];
        long matched = 0;
        await foreach (var key in server.KeysAsync(pattern: RedisKeys.QueuePattern("link"), pageSize: 1_000))
        {
            await foreach (var entry in db.SortedSetScanAsync(key, pageSize: 1_000))
            {
                matched += CrawlIdentity.FromMember(entry.Element!) == new CrawlIdentity("bench", "big") ? 1 : 0;
            }
        }

        return matched > 0 ? clock.Elapsed.TotalMilliseconds : double.NaN;
    }

    private sealed class Monitor : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly RedisMonitorService _service;
        private readonly IBusConsumer _answers;

        private Monitor(ServiceProvider services, RedisMonitorService service, IBusConsumer answers)
        {
            _services = services;
            _service = service;
            _answers = answers;
        }

        public IJobBoard Jobs => _services.GetRequiredService<IJobBoard>();

        public static async Task<Monitor> StartAsync(IConnectionMultiplexer redis)
        {
            var bus = new MemoryMessageBus(JsonCodec.Instance);
            var answers = await bus.SubscribeAsync(new ConsumerSettings(["demo.outbound_firehose"], "bench"), CancellationToken.None);
            var services = ComponentServices.Create(redis, bus, NullLoggerFactory.Instance)
                .AddRedisMonitor(new RedisMonitorOptions { LockExpirationSeconds = 600 }, new StatsOptions { DumpSeconds = 0 }, new TopicOptions()).BuildServiceProvider();
            var service = services.GetRequiredService<RedisMonitorService>();
            await service.StartAsync(CancellationToken.None);
            await service.Ready;
            return new Monitor(services, service, answers);
        }

        public async Task<JsonObject> NextAnswerAsync()
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(30));
            await foreach (var message in _answers.ReadAsync(deadline.Token))
            {
                return (JsonObject)JsonNode.Parse(message.Value.Span)!;
            }

            throw new TimeoutException("no answer");
        }

        public async ValueTask DisposeAsync()
        {
            await _service.StopAsync(CancellationToken.None);
            await _answers.DisposeAsync();
            await _services.DisposeAsync();
        }
    }
}
