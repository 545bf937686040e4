using CrawlCluster.Core.Sink;

namespace CrawlCluster.Sink.Tests.Service;

/// <summary>A real database adapter with the sink's writes recorded and, when the test closes the gate, held.</summary>
internal sealed class ObservedDatabase(ISinkDatabase inner) : ISinkDatabase
{
    private readonly Lock _lock = new();
    private readonly List<int> _writes = [];
    private TaskCompletionSource _gate = Open();
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Description => inner.Description;

    /// <summary>The size of every successful write, in order.</summary>
    public IReadOnlyList<int> Writes
    {
        get
        {
            lock (_lock)
            {
                return [.. _writes];
            }
        }
    }

    /// <summary>Completes when a write reaches the gate.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Holds every write until <see cref="Release"/>.</summary>
    public void Hold()
    {
        _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release() => _gate.TrySetResult();

    /// <summary>Waits until <paramref name="count"/> writes succeeded.</summary>
    public async Task WaitForWritesAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Writes.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"saw {Writes.Count} writes ({string.Join(", ", Writes)}), expected {count}");
            await Task.Delay(20);
        }
    }

    public Task<int> MigrateAsync(CancellationToken cancellationToken) => inner.MigrateAsync(cancellationToken);

    public async Task WriteAsync(IReadOnlyList<SinkRecord> records, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        await inner.WriteAsync(records, cancellationToken);
        lock (_lock)
        {
            _writes.Add(records.Count);
        }
    }

    public Task WriteDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken) => inner.WriteDeadLettersAsync(letters, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private static TaskCompletionSource Open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.TrySetResult();
        return gate;
    }
}
