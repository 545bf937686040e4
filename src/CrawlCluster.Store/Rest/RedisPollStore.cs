using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Rest;
using CrawlCluster.Store.Connection;
using StackExchange.Redis;

namespace CrawlCluster.Store.Rest;

/// <summary>Answers for <c>/poll</c> in the original's <c>rest:poll:&lt;uuid&gt;</c> keys, now with a time to live.</summary>
internal sealed class RedisPollStore(IConnectionMultiplexer redis) : IPollStore
{
    public Task SaveAsync(string uuid, string json, TimeSpan ttl, CancellationToken cancellationToken) =>
        StoreErrors.Guard(redis.GetDatabase().StringSetAsync(RedisKeys.RestPoll(uuid), json, ttl), cancellationToken);

    public async Task<string?> TakeAsync(string uuid, CancellationToken cancellationToken)
    {
        // GET and DEL in one transaction: two callers polling one id never both get the answer.
        var transaction = redis.GetDatabase().CreateTransaction();
        var value = transaction.StringGetAsync(RedisKeys.RestPoll(uuid));
        _ = transaction.KeyDeleteAsync(RedisKeys.RestPoll(uuid));
        await StoreErrors.Guard(transaction.ExecuteAsync(), cancellationToken).ConfigureAwait(false);
        var text = await value.ConfigureAwait(false);
        return text.IsNull ? null : text.ToString();
    }
}
