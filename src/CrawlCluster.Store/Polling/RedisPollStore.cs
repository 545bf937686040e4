using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Rest;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Polling;

/// <summary>
/// Answers waiting for <c>/poll</c> at the original's <c>rest:poll:&lt;uuid&gt;</c> (CONTRACT.md Part B §5.2). Unlike the
/// original, every stored answer expires (the original's piled up forever, B §8.1 #9), and an answer is handed out
/// once even when several gateway instances each store it: the first copy is kept, and a taken answer is remembered
/// (<c>rest:poll-taken:&lt;uuid&gt;</c>) for as long as answers live, so a late copy is not stored again.
/// </summary>
/// <param name="db">The store.</param>
internal sealed class RedisPollStore(IDatabase db) : IPollStore
{
    private static readonly string StoreScript = EmbeddedScript.Read(typeof(RedisPollStore), "StoreOnce");
    private static readonly string TakeScript = EmbeddedScript.Read(typeof(RedisPollStore), "TakeOnce");
    /// <inheritdoc/>
    public Task SaveAsync(string uuid, string json, TimeSpan ttl, CancellationToken cancellationToken) =>
        StoreErrors.Guard(db.ScriptEvaluateAsync(StoreScript, [RedisKeys.RestPoll(uuid), Taken(uuid)], [json, Seconds(ttl)]), cancellationToken);

    /// <inheritdoc/>
    public async Task<string?> TakeAsync(string uuid, TimeSpan ttl, CancellationToken cancellationToken) =>
        (string?)await StoreErrors.Guard(db.ScriptEvaluateAsync(TakeScript, [RedisKeys.RestPoll(uuid), Taken(uuid)], [Seconds(ttl)]), cancellationToken)
            .ConfigureAwait(false);

    private static RedisKey Taken(string uuid) => "rest:poll-taken:" + uuid;

    private static long Seconds(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalSeconds));
}
