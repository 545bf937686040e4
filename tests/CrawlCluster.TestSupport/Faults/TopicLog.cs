using System.Text.Json;
using CrawlCluster.Core.Bus;

namespace CrawlCluster.TestSupport.Faults;

/// <summary>What one message on a watched topic said: the fields the suite counts by, and when it arrived here.</summary>
/// <param name="Position">Where it sits on the bus (partition and offset, or the stream entry id): a message read twice is one message.</param>
/// <param name="Url">Its <c>url</c> field, if any.</param>
/// <param name="CrawlId">Its <c>crawlid</c> field, if any.</param>
/// <param name="Action">Its <c>action</c> field, if any (answers and notices).</param>
/// <param name="At">When the suite read it.</param>
/// <param name="StatusCode">Its <c>status_code</c> field, if any (crawled pages).</param>
public sealed record TopicEntry(string Position, string? Url, string? CrawlId, string? Action, DateTimeOffset At, int? StatusCode = null);

/// <summary>
/// Reads a topic from its beginning in the suite's own consumer group, for the whole scenario (through every outage:
/// a read that fails is started again), and lets the suite await counts instead of sleeping.
/// </summary>
public sealed class TopicLog : IAsyncDisposable
{
    private readonly List<TopicEntry> _entries = [];
    private readonly HashSet<string> _positions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TopicLog(IMessageBus bus, string topic) => _reading = ReadAsync(bus, topic);

    /// <summary>Reads that failed and were started again.</summary>
    public int Restarts { get; private set; }

    public IReadOnlyList<TopicEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public static TopicLog Start(IMessageBus bus, string topic) => new(bus, topic);

    /// <summary>Waits until <paramref name="done"/> holds for what has arrived; false if it did not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitAsync(Func<IReadOnlyList<TopicEntry>, bool> done, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = Volatile.Read(ref _arrived).Task;
            if (done(Entries))
            {
                return true;
            }

            try
            {
                await next.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return done(Entries);
            }
        }
    }

    /// <summary>Waits until nothing has arrived for <paramref name="quiet"/> (a drain, bounded by <paramref name="timeout"/>).</summary>
    public async Task WaitQuietAsync(TimeSpan quiet, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var next = Volatile.Read(ref _arrived).Task;
            if (await Task.WhenAny(next, Task.Delay(quiet)).ConfigureAwait(false) != next)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _reading.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ReadAsync(IMessageBus bus, string topic)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await bus.EnsureTopicAsync(topic, _stop.Token).ConfigureAwait(false);
                await using var consumer = await bus.SubscribeAsync(new ConsumerSettings([topic], $"fault-suite-{topic}"), _stop.Token).ConfigureAwait(false);
                await foreach (var message in consumer.ReadAsync(_stop.Token).ConfigureAwait(false))
                {
                    Add(Parse($"{message.Partition}:{message.Position}", message.Value.Span));
                    await consumer.CommitAsync(message, _stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is BusException or Core.Store.StoreException or StackExchange.Redis.RedisException or InvalidOperationException)
            {
                // The bus is away (a fault under test): read again from the group's position.
                Restarts++;
                await Task.Delay(200, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private void Add(TopicEntry entry)
    {
        lock (_entries)
        {
            // Our own read again after an outage (its commit was lost): the same message, not a duplicate publish.
            if (!_positions.Add(entry.Position))
            {
                return;
            }

            _entries.Add(entry);
        }

        Interlocked.Exchange(ref _arrived, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private static TopicEntry Parse(string position, ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            return new TopicEntry(position, Text(root, "url"), Text(root, "crawlid"), Text(root, "action"), DateTimeOffset.UtcNow,
                root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status_code", out var status) && status.ValueKind == JsonValueKind.Number && status.TryGetInt32(out var code) ? code : null);
        }
        catch (JsonException)
        {
            return new TopicEntry(position, null, null, null, DateTimeOffset.UtcNow);
        }

        static string? Text(JsonElement root, string name) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
