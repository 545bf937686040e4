namespace CrawlCluster.Core.Bus;

/// <summary>
/// A subscription to topics. Messages are read as an async stream; <see cref="CommitAsync"/> after a message was
/// handled marks it done for the group. Messages not committed when the consumer goes away are delivered again to
/// another member of the group (at-least-once).
/// </summary>
public interface IBusConsumer : IAsyncDisposable
{
    /// <summary>
    /// Returns once the consumer has its share of the topics and reads from its start position (on Kafka: has joined
    /// its group). Messages that arrive meanwhile are kept for <see cref="ReadAsync"/>.
    /// </summary>
    ValueTask WaitUntilReadyAsync(CancellationToken cancellationToken);

    /// <summary>Reads messages as they arrive; ends when <paramref name="cancellationToken"/> is cancelled.</summary>
    IAsyncEnumerable<ConsumedMessage> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Marks <paramref name="message"/> (and, on ordered platforms, the messages before it) as handled.</summary>
    ValueTask CommitAsync(ConsumedMessage message, CancellationToken cancellationToken);
}
