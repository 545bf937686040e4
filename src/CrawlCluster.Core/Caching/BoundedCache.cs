namespace CrawlCluster.Core.Caching;

/// <summary>
/// A thread-safe map that keeps at most <see cref="Capacity"/> entries, dropping the least recently used one beyond
/// that: per-domain and per-crawl state in a process whose cost must not grow with the number of domains or crawls it
/// has ever seen (DESIGN.md §6.2).
/// </summary>
/// <typeparam name="TKey">The key.</typeparam>
/// <typeparam name="TValue">The value.</typeparam>
internal sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _entries;
    private readonly LinkedList<(TKey Key, TValue Value)> _recency = new();
    private readonly Lock _lock = new();

    /// <summary>Creates the cache.</summary>
    /// <param name="capacity">The most entries it keeps (at least 1).</param>
    /// <param name="comparer">Compares keys, or null for the default.</param>
    public BoundedCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _entries = new Dictionary<TKey, LinkedListNode<(TKey, TValue)>>(comparer);
    }

    /// <summary>The most entries it keeps.</summary>
    public int Capacity { get; }

    /// <summary>Entries now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The value of <paramref name="key"/>, marking it recently used.</summary>
    public bool TryGetValue(TKey key, out TValue value)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>Sets the value of <paramref name="key"/>, dropping the least recently used entry when full.</summary>
    public void Set(TKey key, TValue value)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                node.Value = (key, value);
                _recency.AddFirst(node);
                return;
            }

            if (_entries.Count >= Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            _entries[key] = _recency.AddFirst((key, value));
        }
    }

    /// <summary>The value of <paramref name="key"/>, created by <paramref name="create"/> when absent.</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (TryGetValue(key, out var value))
        {
            return value;
        }

        value = create(key);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var raced))
            {
                return raced.Value.Value;
            }
        }

        Set(key, value);
        return value;
    }

    /// <summary>Removes <paramref name="key"/>.</summary>
    public bool Remove(TKey key)
    {
        lock (_lock)
        {
            if (!_entries.Remove(key, out var node))
            {
                return false;
            }

            _recency.Remove(node);
            return true;
        }
    }
}
