using CrawlCluster.Core.Bus;

namespace CrawlCluster.KafkaMonitor.Tests.Ingest;

/// <summary>
/// A bus (our own port, around a real one) whose consumers never get a commit through: the monitor as if it died
/// right after writing to the store, before committing — the one step the test needs the fault at.
/// </summary>
internal sealed class UncommittingBus(IMessageBus inner) : IMessageBus
{
    private int _refused;

    public string Platform => inner.Platform;

    /// <summary>Commits refused so far.</summary>
    public int CommitsRefused => Volatile.Read(ref _refused);

    public ValueTask ProduceAsync(string topic, BusMessage message, CancellationToken cancellationToken) => inner.ProduceAsync(topic, message, cancellationToken);

    public async ValueTask<IBusConsumer> SubscribeAsync(ConsumerSettings settings, CancellationToken cancellationToken) =>
        new Consumer(await inner.SubscribeAsync(settings, cancellationToken).ConfigureAwait(false), this);

    public ValueTask<IReadOnlyList<string>> ListTopicsAsync(CancellationToken cancellationToken) => inner.ListTopicsAsync(cancellationToken);

    public ValueTask EnsureTopicAsync(string topic, CancellationToken cancellationToken) => inner.EnsureTopicAsync(topic, cancellationToken);

    public ValueTask<BusHealth> CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private sealed class Consumer(IBusConsumer inner, UncommittingBus bus) : IBusConsumer
    {
        public ValueTask WaitUntilReadyAsync(CancellationToken cancellationToken) => inner.WaitUntilReadyAsync(cancellationToken);

        public IAsyncEnumerable<ConsumedMessage> ReadAsync(CancellationToken cancellationToken) => inner.ReadAsync(cancellationToken);

        public ValueTask CommitAsync(ConsumedMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref bus._refused);
            throw new BusException("the process died before its commit (injected)");
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
