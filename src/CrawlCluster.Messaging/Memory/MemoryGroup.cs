using CrawlCluster.Core.Bus;

namespace CrawlCluster.Messaging.Memory;

/// <summary>
/// One consumer group on one topic: committed offsets per partition, and the partitions shared round-robin among the
/// members; every join or leave reassigns them, and a reassigned partition resumes at its committed offset.
/// </summary>
internal sealed class MemoryGroup(MemoryTopic topic, StartPosition startPosition)
{
    private readonly Lock _gate = new();
    private readonly long?[] _committed = new long?[topic.Partitions.Length];
    private readonly List<MemoryConsumer> _members = [];

    public void Join(MemoryConsumer member)
    {
        lock (_gate)
        {
            _members.Add(member);
            Rebalance();
        }
    }

    public void Leave(MemoryConsumer member)
    {
        lock (_gate)
        {
            _members.Remove(member);
            Rebalance();
        }
    }

    public void Commit(int partition, long offset)
    {
        lock (_gate)
        {
            if (_committed[partition] is not { } current || current < offset + 1)
            {
                _committed[partition] = offset + 1;
            }
        }
    }

    private void Rebalance()
    {
        for (var m = 0; m < _members.Count; m++)
        {
            var assigned = new Dictionary<int, long>();
            for (var p = m; p < topic.Partitions.Length; p += _members.Count)
            {
                // A group without a committed offset starts where KAFKA_CONSUMER_AUTO_OFFSET_RESET says; the first
                // assignment fixes that start by committing nothing but remembering it.
                _committed[p] ??= startPosition == StartPosition.Latest ? topic.Partitions[p].End : null;
                assigned[p] = _committed[p] ?? topic.Partitions[p].Start;
            }

            _members[m].Assign(topic, assigned);
        }
    }
}
