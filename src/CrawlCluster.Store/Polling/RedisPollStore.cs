using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Polling;

/// <summary>
/// Answers waiting for <c>/poll</c> at <c>rest:poll:&lt;uuid&gt;</c> (CONTRACT.md Part B §5.2). Unlike the original,
/// every stored answer expires (the original's piled up forever, B §8.1 #9); taking one deletes it atomically.
/// </summary>
/// <param name="db">The store.</param>
internal sealed class RedisPollStore(IDatabase db)
{
    private static readonly string TakeScript = EmbeddedScript.Read(typeof(RedisPollStore), "TakeOnce");

    /// <summary>Stores an answer (the original's stdlib JSON text) until it is polled or <paramref name="ttl"/> passes.</summary>
    public Task<bool> StoreAsync(string uuid, string json, TimeSpan ttl) => db.StringSetAsync(RedisKeys.RestPoll(uuid), json, ttl);

    /// <summary>Takes the answer for <paramref name="uuid"/>; null when there is none (yet, or any more).</summary>
    public async Task<string?> TakeAsync(string uuid) =>
        (string?)await db.ScriptEvaluateAsync(TakeScript, [RedisKeys.RestPoll(uuid)]).ConfigureAwait(false);
}
