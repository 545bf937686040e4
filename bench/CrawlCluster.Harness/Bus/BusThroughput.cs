using System.Diagnostics;
using System.Text;
using CrawlCluster.Core.Bus;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Kafka;
using CrawlCluster.Messaging.Memory;
using CrawlCluster.Messaging.Redis;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrawlCluster.Harness.Bus;

/// <summary>
/// Produce-then-consume throughput per bus platform and codec: N messages published with up to 10,000 in flight, then
/// read in one consumer group with a commit each. Prints a markdown table. Servers are local: a redis-server started
/// here, librdkafka's mock cluster in this process.
/// </summary>
internal static class BusThroughput
{
    private const int Window = 10_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        await using var redis = await RedisServer.StartAsync();
        using var kafka = KafkaMockCluster.Start();
        var small = SmallMessage();
        var page = PageMessage();
        Console.WriteLine("| platform | codec | message | messages | produce msg/s | consume msg/s | produce+consume msg/s | received |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var codecName in new[] { "json", "msgpack" })
        {
            var codec = MessageCodecs.ByName(codecName);
            foreach (var (platform, create) in new (string, Func<IMessageBus>)[]
            {
                ("memory", () => new MemoryMessageBus(codec, new MemoryBusOptions { MaxMessagesPerPartition = 1_000_000 })),
                ("redis", () => new RedisStreamsMessageBus(redis.Connection, codec, 2_000_000, TimeSpan.FromMinutes(5), NullLogger.Instance)),
                ("kafka (mock)", () => new KafkaMessageBus(KafkaOptions(kafka.BootstrapServers), codec, NullLogger.Instance)),
            })
            {
                // The Kafka mock keeps ~5 MiB per partition and drops the rest silently (CONTRACT.md A.2): stay below it.
                var smallCount = quick ? 20_000 : platform switch { "memory" => 1_000_000, "redis" => 200_000, _ => 60_000 };
                var pageCount = quick ? 200 : platform.StartsWith("kafka", StringComparison.Ordinal) ? 300 : 2_000;
                await MeasureAsync(platform, codecName, "300 B JSON", create, small, smallCount);
                await MeasureAsync(platform, codecName, "50 KiB page", create, page, pageCount);
            }
        }

        return 0;
    }

    private static async Task MeasureAsync(string platform, string codec, string label, Func<IMessageBus> create, byte[] payload, int count)
    {
        await using var bus = create();
        var topic = $"bench.{Guid.NewGuid():N}";
        await bus.EnsureTopicAsync(topic, CancellationToken.None);
        await using var consumer = await bus.SubscribeAsync(new ConsumerSettings([topic], "bench"), CancellationToken.None);
        await consumer.WaitUntilReadyAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        var message = new BusMessage(payload);
        var produce = Stopwatch.StartNew();
        var inFlight = new List<Task>(Window);
        for (var i = 0; i < count; i++)
        {
            // A publish that completed at once (the memory bus) needs no Task: real callers await the ValueTask.
            var publish = bus.ProduceAsync(topic, message, CancellationToken.None);
            if (!publish.IsCompletedSuccessfully)
            {
                inFlight.Add(publish.AsTask());
            }

            if (inFlight.Count == Window)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }

        await Task.WhenAll(inFlight);
        produce.Stop();

        var consume = Stopwatch.StartNew();
        var received = 0;
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await foreach (var item in consumer.ReadAsync(patience.Token))
            {
                await consumer.CommitAsync(item, CancellationToken.None);
                if (++received == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Report what arrived.
        }

        consume.Stop();
        Console.WriteLine($"| {platform} | {codec} | {label} | {count:N0} | {Rate(count, produce):N0} | {Rate(received, consume):N0} | {Rate(received, produce.Elapsed + consume.Elapsed):N0} | {received:N0} |");
    }

    private static double Rate(int count, Stopwatch watch) => Rate(count, watch.Elapsed);

    private static double Rate(int count, TimeSpan elapsed) => count / Math.Max(elapsed.TotalSeconds, 1e-9);

    private static BusOptions KafkaOptions(string bootstrap) => new()
    {
        KafkaHosts = [bootstrap],
        SessionTimeoutMs = 6000,
        HeartbeatIntervalMs = 2000,
        MaxRequestSize = 1024 * 1024,
        FetchMessageMaxBytes = 8 * 1024 * 1024,
        LingerMs = 5,
    };

    // A crawl request as the Kafka Monitor receives it, padded to about 300 bytes.
    private static byte[] SmallMessage() => Encoding.UTF8.GetBytes(
        """{"url":"http://www.example.com/section/page-12345.html","appid":"benchapp","crawlid":"bench-crawl-0001","spiderid":"link","priority":50,"maxdepth":2,"allowed_domains":["example.com"],"expires":0,"attrs":{"campaign":"throughput","note":"about three hundred bytes of JSON"}}""");

    private static byte[] PageMessage()
    {
        var random = new Random(674386);
        var body = new StringBuilder();
        while (body.Length < 50 * 1024)
        {
            var n = random.Next(10_000);
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p>Paragraph {n} <a href=\\\"/page/{n}.html\\\">link {n}</a></p>");
        }

        return Encoding.UTF8.GetBytes($$"""{"appid":"benchapp","crawlid":"bench","url":"http://www.example.com/","status_code":200,"body":"{{body}}"}""");
    }
}
