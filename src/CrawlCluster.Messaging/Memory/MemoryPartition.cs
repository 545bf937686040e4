namespace CrawlCluster.Messaging.Memory;

/// <summary>An append-only log with offsets, keeping the newest <c>max</c> messages.</summary>
internal sealed class MemoryPartition(int max)
{
    private readonly Lock _gate = new();
    private readonly List<StoredMessage> _messages = [];
    private long _baseOffset;

    /// <summary>The offset of the oldest message kept.</summary>
    public long Start
    {
        get
        {
            lock (_gate)
            {
                return _baseOffset;
            }
        }
    }

    /// <summary>The offset the next message will get.</summary>
    public long End
    {
        get
        {
            lock (_gate)
            {
                return _baseOffset + _messages.Count;
            }
        }
    }

    /// <summary>Appends a message, dropping the oldest beyond the limit (in chunks, so appends stay O(1)).</summary>
    public void Append(StoredMessage message)
    {
        lock (_gate)
        {
            _messages.Add(message);
            if (_messages.Count > max + (max / 8))
            {
                var drop = _messages.Count - max;
                _messages.RemoveRange(0, drop);
                _baseOffset += drop;
            }
        }
    }

    /// <summary>The message at <paramref name="offset"/>, or the oldest kept if that one was dropped.</summary>
    public bool TryRead(long offset, out StoredMessage message, out long actualOffset)
    {
        lock (_gate)
        {
            actualOffset = Math.Max(offset, _baseOffset);
            var index = actualOffset - _baseOffset;
            if (index >= _messages.Count)
            {
                message = null!;
                return false;
            }

            message = _messages[(int)index];
            return true;
        }
    }
}
