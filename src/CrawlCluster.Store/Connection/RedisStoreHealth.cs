using CrawlCluster.Core.Store;
using StackExchange.Redis;

namespace CrawlCluster.Store.Connection;

/// <summary>The store's health port over a PING.</summary>
internal sealed class RedisStoreHealth(IConnectionMultiplexer redis) : IStoreHealth
{
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var health = await StoreHealth.CheckAsync(redis).WaitAsync(cancellationToken).ConfigureAwait(false);
        return health.Connected ? null : health.Reason ?? "no answer";
    }
}
