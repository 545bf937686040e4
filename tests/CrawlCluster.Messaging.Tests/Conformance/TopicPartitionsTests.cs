using CrawlCluster.Core.Bus;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Kafka;
using CrawlCluster.Messaging.Memory;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Messaging.Tests.Conformance;

/// <summary>BUS_TOPIC_PARTITIONS: the memory bus spreads keys over that many partitions; Kafka falls back when CreateTopics is refused.</summary>
[Trait("Kind", "Conformance")]
public sealed class TopicPartitionsTests(KafkaMockBusFixture kafka) : IClassFixture<KafkaMockBusFixture>
{
    [Fact]
    public async Task Memory_TopicPartitions_SpreadsKeysOverThatMany()
    {
        await using var bus = new MemoryMessageBus(JsonCodec.Instance, new MemoryBusOptions { Partitions = 8 });
        for (var i = 0; i < 400; i++)
        {
            await bus.ProduceAsync("t", BusMessage.FromJson("{}", key: $"key-{i}"), CancellationToken.None);
        }

        await using var consumer = await bus.SubscribeAsync(new ConsumerSettings(["t"], null), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var partitions = new HashSet<int>();
        var count = 0;
        await foreach (var message in consumer.ReadAsync(timeout.Token))
        {
            partitions.Add(message.Partition);
            if (++count == 400)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 8), partitions.Order());
    }

    [Fact]
    public async Task Kafka_CreateTopicsRefused_FallsBackToAutoCreation_AndTheTopicWorks()
    {
        var options = kafka.Options;
        options.TopicPartitions = 8;
        options.ConnectTimeoutSeconds = 2;
        var log = new ListLogger();
        await using var bus = new KafkaMessageBus(options, JsonCodec.Instance, log);
        var topic = $"partitions.{Guid.NewGuid():N}";

        await bus.EnsureTopicAsync(topic, CancellationToken.None);
        await bus.ProduceAsync(topic, BusMessage.FromJson("""{"n":1}"""), CancellationToken.None);

        Assert.Contains(topic, await bus.ListTopicsAsync(CancellationToken.None));
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning
            && e.Message.StartsWith($"Could not create {topic} with 8 partitions", StringComparison.Ordinal));
    }
}
