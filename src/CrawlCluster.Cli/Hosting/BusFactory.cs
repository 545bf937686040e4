using CrawlCluster.Core.Store;
using CrawlCluster.Core.Bus;
using CrawlCluster.Messaging.Bus;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Kafka;
using CrawlCluster.Messaging.Memory;
using CrawlCluster.Messaging.Redis;
using CrawlCluster.Store.Connection;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Cli.Hosting;

/// <summary>The one place that turns <c>QUEUE_PLATFORM</c> into a bus (STYLE.md guideline 8).</summary>
internal static class BusFactory
{
    /// <summary>Creates the configured bus; for <c>redis</c> it connects first, and the bus owns that connection.</summary>
    /// <exception cref="StackExchange.Redis.RedisConnectionException">Redis does not answer.</exception>
    public static async Task<IMessageBus> CreateAsync(BusOptions bus, RedisOptions redis, ILoggerFactory loggers) =>
        new MeasuredMessageBus(await CreatePlatformAsync(bus, redis, loggers).ConfigureAwait(false));

    /// <summary>A bus of the in-process platform, measured like the others.</summary>
    public static IMessageBus Memory() => new MeasuredMessageBus(new MemoryMessageBus(JsonCodec.Instance));

    private static async Task<IMessageBus> CreatePlatformAsync(BusOptions bus, RedisOptions redis, ILoggerFactory loggers)
    {
        var codec = MessageCodecs.ByName(bus.Codec);
        var logger = loggers.CreateLogger("CrawlCluster.Messaging");
        switch (bus.Platform.ToLowerInvariant())
        {
            case "memory":
                return new MemoryMessageBus(codec, bus.TopicPartitions > 0 ? new MemoryBusOptions { Partitions = bus.TopicPartitions } : null);
            case "kafka":
                return new KafkaMessageBus(bus, codec, logger);
            case "redis":
                var connection = await RedisConnection.ConnectAsync(redis).ConfigureAwait(false);
                return new OwningBus(new RedisStreamsMessageBus(connection, codec, bus.StreamsMaxLength,
                    TimeSpan.FromMilliseconds(bus.StreamsClaimIdleMs), logger), connection);
            default:
                throw new ArgumentException($"unknown QUEUE_PLATFORM '{bus.Platform}'", nameof(bus));
        }
    }

    /// <summary>A bus that also closes the connection it was built on.</summary>
    private sealed class OwningBus(IMessageBus inner, IAsyncDisposable connection) : IMessageBus
    {
        public string Platform => inner.Platform;

        public ValueTask ProduceAsync(string topic, BusMessage message, CancellationToken cancellationToken) =>
            inner.ProduceAsync(topic, message, cancellationToken);

        public ValueTask<IBusConsumer> SubscribeAsync(ConsumerSettings settings, CancellationToken cancellationToken) =>
            inner.SubscribeAsync(settings, cancellationToken);

        public ValueTask<IReadOnlyList<string>> ListTopicsAsync(CancellationToken cancellationToken) => inner.ListTopicsAsync(cancellationToken);

        public ValueTask EnsureTopicAsync(string topic, CancellationToken cancellationToken) => inner.EnsureTopicAsync(topic, cancellationToken);

        public ValueTask<BusHealth> CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
