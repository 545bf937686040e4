using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace CrawlCluster.Rest.Gateway;

/// <summary>
/// The <c>/feed</c> calls of this instance waiting for an answer, by uuid. A waiter is registered before its request
/// is produced (the original registered after, and could miss a fast answer) and removed when its call ends, answered
/// or not: callers that gave up leave nothing behind.
/// </summary>
internal sealed class AnswerWaiters
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonNode>> _waiting = new(StringComparer.Ordinal);

    public int Count => _waiting.Count;

    /// <summary>Registers a waiter; null when a call with this uuid is already waiting here.</summary>
    public TaskCompletionSource<JsonNode>? Register(string uuid)
    {
        var waiter = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        return _waiting.TryAdd(uuid, waiter) ? waiter : null;
    }

    /// <summary>Hands an answer to its waiter; false when no call here waits for it.</summary>
    public bool TryAnswer(string uuid, JsonNode answer) => _waiting.TryRemove(uuid, out var waiter) && waiter.TrySetResult(answer);

    public void Remove(string uuid, TaskCompletionSource<JsonNode> waiter) => _waiting.TryRemove(new KeyValuePair<string, TaskCompletionSource<JsonNode>>(uuid, waiter));
}
