using System.Collections.Concurrent;
using CrawlCluster.Core.Bus;

namespace CrawlCluster.Messaging.Memory;

/// <summary>
/// The in-process bus: partitioned topics, consumer groups with commits and redelivery, bounded retention. The
/// embedded default of <c>crawlcluster crawl</c> and <c>up</c>; it lives and dies with the process.
/// </summary>
/// <param name="codec">The wire codec, applied as on the other platforms so that all behave alike.</param>
/// <param name="options">Partitions and retention.</param>
internal sealed class MemoryMessageBus(IMessageCodec codec, MemoryBusOptions? options = null) : IMessageBus
{
    private readonly ConcurrentDictionary<string, MemoryTopic> _topics = new(StringComparer.Ordinal);
    private readonly MemoryBusOptions _options = options ?? new MemoryBusOptions();

    /// <inheritdoc/>
    public string Platform => "memory";

    /// <inheritdoc/>
    public ValueTask ProduceAsync(string topic, BusMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        Topic(topic).Append(new StoredMessage(message.Key, codec.Encode(message.Value), message.Headers));
        return ValueTask.CompletedTask;
    }

    /// <summary>Appends bytes as they are, bypassing the codec (tests of undecodable input).</summary>
    internal void ProduceRaw(string topic, string? key, byte[] wire) => Topic(topic).Append(new StoredMessage(key, wire, null));

    /// <inheritdoc/>
    public ValueTask<IBusConsumer> SubscribeAsync(ConsumerSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ValueTask.FromResult<IBusConsumer>(new MemoryConsumer(settings.Topics.Select(Topic), settings, codec));
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> ListTopicsAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<string>>([.. _topics.Keys.Order(StringComparer.Ordinal)]);

    /// <inheritdoc/>
    public ValueTask EnsureTopicAsync(string topic, CancellationToken cancellationToken)
    {
        Topic(topic);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<BusHealth> CheckHealthAsync(CancellationToken cancellationToken) => ValueTask.FromResult(new BusHealth(true));

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private MemoryTopic Topic(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _topics.GetOrAdd(name, n => new MemoryTopic(n, _options));
    }
}
