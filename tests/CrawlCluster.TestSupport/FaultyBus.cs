using CrawlCluster.Core.Bus;

namespace CrawlCluster.TestSupport;

/// <summary>
/// A bus (our own port, around a real one) whose next produces fail or hang, as a broker that refuses or stalls would,
/// and whose consumers can be made to never get a commit through (a process dying right before it commits): the
/// ordering tests need the fault at one exact step, not at a lucky moment.
/// </summary>
public sealed class FaultyBus(IMessageBus inner) : IMessageBus
{
    private int _failures;
    private int _hangs;
    private int _attempts;
    private int _commitsRefused;
    private volatile bool _refuseCommits;
    private readonly TaskCompletionSource _commitRefused = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Platform => inner.Platform;

    /// <summary>Produces attempted so far, the faulty ones included.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Commits refused so far.</summary>
    public int CommitsRefused => Volatile.Read(ref _commitsRefused);

    /// <summary>Completes when a commit is first refused: a consumer may count a message handled before it commits it.</summary>
    public Task FirstCommitRefused => _commitRefused.Task;

    /// <summary>From now on every commit of this bus's consumers throws, as if the process died just before it.</summary>
    public void RefuseCommits() => _refuseCommits = true;

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

    public async ValueTask<IBusConsumer> SubscribeAsync(ConsumerSettings settings, CancellationToken cancellationToken) =>
        new Consumer(await inner.SubscribeAsync(settings, cancellationToken).ConfigureAwait(false), this);

    public ValueTask<IReadOnlyList<string>> ListTopicsAsync(CancellationToken cancellationToken) => inner.ListTopicsAsync(cancellationToken);

    public ValueTask EnsureTopicAsync(string topic, CancellationToken cancellationToken) => inner.EnsureTopicAsync(topic, cancellationToken);

    public ValueTask<BusHealth> CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Consumer(IBusConsumer inner, FaultyBus bus) : IBusConsumer
    {
        public ValueTask WaitUntilReadyAsync(CancellationToken cancellationToken) => inner.WaitUntilReadyAsync(cancellationToken);

        public IAsyncEnumerable<ConsumedMessage> ReadAsync(CancellationToken cancellationToken) => inner.ReadAsync(cancellationToken);

        public ValueTask CommitAsync(ConsumedMessage message, CancellationToken cancellationToken)
        {
            if (!bus._refuseCommits)
            {
                return inner.CommitAsync(message, cancellationToken);
            }

            Interlocked.Increment(ref bus._commitsRefused);
            bus._commitRefused.TrySetResult();
            throw new BusException("the process died before its commit (injected)");
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
