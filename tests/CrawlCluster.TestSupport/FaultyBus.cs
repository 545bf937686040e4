using CrawlCluster.Core.Bus;

namespace CrawlCluster.TestSupport;

/// <summary>
/// A bus (our own port, around a real one) whose next produces to a topic fail or hang, as a broker that refuses or
/// stalls would: the ordering tests need the fault at one exact step, not at a lucky moment.
/// </summary>
public sealed class FaultyBus(IMessageBus inner) : IMessageBus
{
    private int _failures;
    private int _hangs;
    private int _attempts;

    public string Platform => inner.Platform;

    /// <summary>Produces attempted so far, the faulty ones included.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The next <paramref name="count"/> produces throw <see cref="BusException"/>.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failures, count);

    /// <summary>The next <paramref name="count"/> produces never complete (until cancelled).</summary>
    public void HangNext(int count) => Volatile.Write(ref _hangs, count);

    public async ValueTask ProduceAsync(string topic, BusMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (Interlocked.Decrement(ref _failures) >= 0)
        {
            throw new BusException("the broker refused the message (injected)");
        }

        if (Interlocked.Decrement(ref _hangs) >= 0)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }

        await inner.ProduceAsync(topic, message, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<IBusConsumer> SubscribeAsync(ConsumerSettings settings, CancellationToken cancellationToken) => inner.SubscribeAsync(settings, cancellationToken);

    public ValueTask<IReadOnlyList<string>> ListTopicsAsync(CancellationToken cancellationToken) => inner.ListTopicsAsync(cancellationToken);

    public ValueTask EnsureTopicAsync(string topic, CancellationToken cancellationToken) => inner.EnsureTopicAsync(topic, cancellationToken);

    public ValueTask<BusHealth> CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
