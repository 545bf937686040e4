using Confluent.Kafka;
using CrawlCluster.Core.Bus;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Kafka;
using CrawlCluster.Messaging.Memory;
using CrawlCluster.Messaging.Redis;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrawlCluster.Messaging.Tests.Conformance;

/// <summary>The in-process bus with a given codec.</summary>
public abstract class MemoryBusFixtureBase(IMessageCodec codec) : IBusFixture
{
    public IMessageBus CreateBus() => new MemoryMessageBus(codec);

    public Task ProduceRawAsync(IMessageBus bus, string topic, string key, byte[] wire)
    {
        ((MemoryMessageBus)bus).ProduceRaw(topic, key, wire);
        return Task.CompletedTask;
    }

    public TimeSpan Patience => TimeSpan.FromSeconds(10);
}

/// <summary>The in-process bus with the JSON codec.</summary>
public sealed class MemoryBusFixture() : MemoryBusFixtureBase(JsonCodec.Instance);

/// <summary>The in-process bus with the MessagePack codec.</summary>
public sealed class MemoryMsgPackBusFixture() : MemoryBusFixtureBase(MessagePackCodec.Instance);

/// <summary>Redis Streams on a real redis-server started for the test class.</summary>
public sealed class RedisStreamsBusFixture : IBusFixture, IAsyncLifetime
{
    private RedisServer _server = null!;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // A short claim time (messages of a disposed consumer come back within the patience), still longer than handling a batch.
    public IMessageBus CreateBus() =>
        new RedisStreamsMessageBus(_server.Connection, JsonCodec.Instance, 10_000, TimeSpan.FromSeconds(3), NullLogger.Instance);

    public Task ProduceRawAsync(IMessageBus bus, string topic, string key, byte[] wire) =>
        ((RedisStreamsMessageBus)bus).ProduceRawAsync(topic, wire);

    public TimeSpan Patience => TimeSpan.FromSeconds(15);
}

/// <summary>Kafka on librdkafka's mock cluster, configured around its limits (CONTRACT.md A.2).</summary>
public sealed class KafkaMockBusFixture : IBusFixture, IDisposable
{
    private readonly KafkaMockCluster _cluster = KafkaMockCluster.Start(brokers: 1);

    internal BusOptions Options => new()
    {
        Platform = "kafka",
        KafkaHosts = [_cluster.BootstrapServers],

        // Classic rebalances wait session.timeout − 1 s on the mock: keep it short in tests.
        SessionTimeoutMs = 6000,
        HeartbeatIntervalMs = 2000,
        CommitIntervalMs = 200,
        MaxRequestSize = 8 * 1024 * 1024,
        FetchMessageMaxBytes = 8 * 1024 * 1024,
        DeliveryTimeoutMs = 10_000,
        ConnectTimeoutSeconds = 5,
    };

    public IMessageBus CreateBus() => new KafkaMessageBus(Options, JsonCodec.Instance, NullLogger.Instance);

    public async Task ProduceRawAsync(IMessageBus bus, string topic, string key, byte[] wire)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _cluster.BootstrapServers }).Build();
        await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = wire });
    }

    public TimeSpan Patience => TimeSpan.FromSeconds(40);

    public void Dispose() => _cluster.Dispose();
}
