using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Signals;

namespace CrawlCluster.Messaging.Memory;

/// <summary>A topic of the in-process bus: partitions, consumer groups and a signal for new messages.</summary>
internal sealed class MemoryTopic
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MemoryGroup> _groups = new(StringComparer.Ordinal);
    private int _nextPartition = -1;

    public MemoryTopic(string name, MemoryBusOptions options)
    {
        Name = name;
        Partitions = [.. Enumerable.Range(0, options.Partitions).Select(_ => new MemoryPartition(options.MaxMessagesPerPartition))];
    }

    public string Name { get; }

    public MemoryPartition[] Partitions { get; }

    public ChangeSignal Changed { get; } = new();

    public MemoryGroup Group(string name, StartPosition startPosition)
    {
        lock (_gate)
        {
            if (!_groups.TryGetValue(name, out var group))
            {
                group = new MemoryGroup(this, startPosition);
                _groups[name] = group;
            }

            return group;
        }
    }

    public void Append(StoredMessage message)
    {
        var partition = message.Key is null
            ? (int)((uint)Interlocked.Increment(ref _nextPartition) % (uint)Partitions.Length)
            : (int)(Fnv1a(message.Key) % (uint)Partitions.Length);
        Partitions[partition].Append(message);
        Changed.Notify();
    }

    // A stable hash (string.GetHashCode is randomized per process), so a key maps to one partition.
    private static uint Fnv1a(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
