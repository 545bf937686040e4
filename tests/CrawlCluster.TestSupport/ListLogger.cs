using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.TestSupport;

/// <summary>A logger that keeps every formatted message, so a test can assert (or wait for) what was logged.</summary>
public sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, object?>> _properties = new();
    private TaskCompletionSource _logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyCollection<(LogLevel Level, string Message)> Entries => _entries;

    /// <summary>Every entry's structured properties (those the message shows and the extras it does not).</summary>
    public IReadOnlyCollection<IReadOnlyDictionary<string, object?>> Properties => _properties;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        _properties.Enqueue(state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value)
            : new Dictionary<string, object?>());
        _entries.Enqueue((logLevel, formatter(state, exception)));
        Interlocked.Exchange(ref _logged, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Waits until a message containing <paramref name="text"/> was logged.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = Volatile.Read(ref _logged).Task;
            if (_entries.Any(e => e.Message.Contains(text, StringComparison.Ordinal)))
            {
                return;
            }

            try
            {
                await next.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"nothing containing '{text}' was logged within {timeout}");
            }
        }
    }
}

/// <summary>Loggers of every category that all write to one <see cref="ListLogger"/>.</summary>
public sealed class ListLoggerFactory(ListLogger logger) : ILoggerFactory
{
    public ListLogger Logger { get; } = logger;

    public ILogger CreateLogger(string categoryName) => Logger;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
