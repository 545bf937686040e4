using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Queues;

/// <summary>
/// The original's three plain queues (scutils' redis_queue, CONTRACT.md Part B §3.1) over one key each: a FIFO queue
/// (LPUSH, RPOP), a stack (LPUSH, LPOP) and a priority queue (ZADD with score −priority; the lowest score pops first,
/// ties in byte order). Members are text the caller encodes (the crawler uses the original's JSON).
/// </summary>
/// <param name="db">The store.</param>
/// <param name="key">The queue's key.</param>
internal sealed class RedisQueues(IDatabase db, string key)
{
    private static readonly string PriorityPopScript = EmbeddedScript.Read(typeof(RedisQueues), "PriorityPop");

    /// <summary>Adds to the FIFO queue or the stack (both push on the left).</summary>
    public Task<long> PushAsync(string member) => db.ListLeftPushAsync(key, member);

    /// <summary>Takes the oldest member (FIFO); null when empty.</summary>
    public async Task<string?> DequeueAsync() => await db.ListRightPopAsync(key).ConfigureAwait(false);

    /// <summary>Takes the newest member (stack); null when empty.</summary>
    public async Task<string?> PopNewestAsync() => await db.ListLeftPopAsync(key).ConfigureAwait(false);

    /// <summary>Adds to the priority queue with score −<paramref name="priority"/>.</summary>
    public Task<bool> PushWithPriorityAsync(string member, int priority) => db.SortedSetAddAsync(key, member, -priority);

    /// <summary>Takes the highest-priority member of the priority queue; null when empty.</summary>
    public async Task<string?> PopHighestPriorityAsync() =>
        (string?)await db.ScriptEvaluateAsync(PriorityPopScript, [key]).ConfigureAwait(false);

    /// <summary>Members in the list (FIFO queue or stack).</summary>
    public Task<long> ListLengthAsync() => db.ListLengthAsync(key);

    /// <summary>Members in the priority queue.</summary>
    public Task<long> PriorityLengthAsync() => db.SortedSetLengthAsync(key);

    /// <summary>Deletes the queue.</summary>
    public Task<bool> ClearAsync() => db.KeyDeleteAsync(key);
}
