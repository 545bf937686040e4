using System.Globalization;
using System.Runtime.CompilerServices;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Signals;
using CrawlCluster.Messaging.Codecs;

namespace CrawlCluster.Messaging.Memory;

/// <summary>A subscription on the in-process bus: reads its assigned partitions round-robin, waits on a signal.</summary>
internal sealed class MemoryConsumer : IBusConsumer
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(MemoryTopic Topic, int Partition), long> _positions = [];
    private readonly List<(MemoryTopic Topic, MemoryGroup? Group)> _subscriptions = [];
    private readonly ChangeSignal _assignmentChanged = new();
    private readonly IMessageCodec _codec;

    public MemoryConsumer(IEnumerable<MemoryTopic> topics, ConsumerSettings settings, IMessageCodec codec)
    {
        _codec = codec;
        foreach (var topic in topics)
        {
            if (settings.Group is { } name)
            {
                var group = topic.Group(name, settings.StartPosition);
                _subscriptions.Add((topic, group));
                group.Join(this);
            }
            else
            {
                _subscriptions.Add((topic, null));
                Assign(topic, Enumerable.Range(0, topic.Partitions.Length).ToDictionary(
                    p => p,
                    p => settings.StartPosition == StartPosition.Latest ? topic.Partitions[p].End : topic.Partitions[p].Start));
            }
        }
    }

    public ValueTask WaitUntilReadyAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Replaces this consumer's partitions of <paramref name="topic"/> (called by the group on rebalance).</summary>
    public void Assign(MemoryTopic topic, IReadOnlyDictionary<int, long> partitions)
    {
        lock (_gate)
        {
            foreach (var key in _positions.Keys.Where(k => k.Topic == topic).ToList())
            {
                _positions.Remove(key);
            }

            foreach (var (partition, position) in partitions)
            {
                _positions[(topic, partition)] = position;
            }
        }

        _assignmentChanged.Notify();
    }

    public async IAsyncEnumerable<ConsumedMessage> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // Take the signals before looking, so a message appended during the scan still wakes us.
            var signals = new Task[_subscriptions.Count + 1];
            for (var i = 0; i < _subscriptions.Count; i++)
            {
                signals[i] = _subscriptions[i].Topic.Changed.Next;
            }

            signals[^1] = _assignmentChanged.Next;
            var found = false;
            foreach (var (topic, partition, start) in Snapshot())
            {
                // Up to a batch per partition per pass, then the next partition: fair, and few snapshots.
                var position = start;
                for (var n = 0; n < 256; n++)
                {
                    if (!topic.Partitions[partition].TryRead(position, out var stored, out var offset) || !Advance(topic, partition, position, offset + 1))
                    {
                        break;
                    }

                    found = true;
                    position = offset + 1;
                    yield return WireMessage.Decode(_codec, topic.Name, partition, offset.ToString(CultureInfo.InvariantCulture), stored.Key,
                        stored.Wire, stored.Headers, new MemoryCommitToken(topic, partition, offset));
                }
            }

            if (!found)
            {
                try
                {
                    await Task.WhenAny(signals).WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
    }

    public ValueTask CommitAsync(ConsumedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.CommitToken is not MemoryCommitToken token)
        {
            throw new ArgumentException("The message was not read from the memory bus.", nameof(message));
        }

        foreach (var (topic, group) in _subscriptions)
        {
            if (topic == token.Topic)
            {
                group?.Commit(token.Partition, token.Offset);
                break;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var (_, group) in _subscriptions)
        {
            group?.Leave(this);
        }

        return ValueTask.CompletedTask;
    }

    private List<(MemoryTopic Topic, int Partition, long Position)> Snapshot()
    {
        lock (_gate)
        {
            return [.. _positions.Select(p => (p.Key.Topic, p.Key.Partition, p.Value))];
        }
    }

    // Moves the position on unless a rebalance changed it meanwhile (then the message belongs to the new owner).
    private bool Advance(MemoryTopic topic, int partition, long expected, long next)
    {
        lock (_gate)
        {
            if (!_positions.TryGetValue((topic, partition), out var current) || current != expected)
            {
                return false;
            }

            _positions[(topic, partition)] = next;
            return true;
        }
    }

    private sealed record MemoryCommitToken(MemoryTopic Topic, int Partition, long Offset);
}
