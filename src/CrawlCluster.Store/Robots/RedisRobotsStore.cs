using CrawlCluster.Core.Robots;
using CrawlCluster.Store.Connection;
using StackExchange.Redis;

namespace CrawlCluster.Store.Robots;

/// <summary>Each site's robots.txt verdict at <c>cc:robots:&lt;scheme://host:port&gt;</c>, with an expiry.</summary>
/// <param name="redis">The store.</param>
internal sealed class RedisRobotsStore(IConnectionMultiplexer redis) : IRobotsStore
{
    /// <inheritdoc/>
    public async Task<string?> GetAsync(string origin, CancellationToken cancellationToken) =>
        await StoreErrors.Guard(redis.GetDatabase().StringGetAsync(Key(origin)), cancellationToken).ConfigureAwait(false) is { IsNull: false } value
            ? (string)value!
            : null;

    /// <inheritdoc/>
    public Task SetAsync(string origin, string verdict, TimeSpan lifetime, CancellationToken cancellationToken) =>
        StoreErrors.Guard(redis.GetDatabase().StringSetAsync(Key(origin), verdict, lifetime), cancellationToken);

    private static string Key(string origin) => "cc:robots:" + origin;
}
