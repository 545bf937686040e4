namespace CrawlCluster.Core.Bus;

/// <summary>
/// Topics with consumer groups and explicit commits: the original's use of Kafka, as a port (DESIGN.md §5). The
/// platforms are <c>memory</c>, <c>kafka</c> and <c>redis</c> (Streams), chosen by <c>QUEUE_PLATFORM</c>.
/// </summary>
public interface IMessageBus : IAsyncDisposable
{
    /// <summary>The platform's name.</summary>
    string Platform { get; }

    /// <summary>Publishes a message and returns once the platform confirmed it.</summary>
    /// <exception cref="BusException">The platform refused the message or could not be reached.</exception>
    ValueTask ProduceAsync(string topic, BusMessage message, CancellationToken cancellationToken);

    /// <summary>Subscribes to topics.</summary>
    ValueTask<IBusConsumer> SubscribeAsync(ConsumerSettings settings, CancellationToken cancellationToken);

    /// <summary>The topics that exist.</summary>
    ValueTask<IReadOnlyList<string>> ListTopicsAsync(CancellationToken cancellationToken);

    /// <summary>Creates <paramref name="topic"/> if it does not exist.</summary>
    ValueTask EnsureTopicAsync(string topic, CancellationToken cancellationToken);

    /// <summary>Checks that the platform can be reached.</summary>
    ValueTask<BusHealth> CheckHealthAsync(CancellationToken cancellationToken);
}
