using StackExchange.Redis;

namespace CrawlCluster.Store.Connection;

/// <summary>Whether the store answers, and if not why (for the Rest index, health endpoints and logs).</summary>
/// <param name="Connected">True when a PING was answered.</param>
/// <param name="Reason">What failed, when not connected.</param>
/// <param name="Latency">The PING's round trip, when connected.</param>
internal sealed record StoreHealth(bool Connected, string? Reason, TimeSpan? Latency)
{
    /// <summary>Pings the store; never throws.</summary>
    public static async Task<StoreHealth> CheckAsync(IConnectionMultiplexer redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        try
        {
            var latency = await redis.GetDatabase().PingAsync().ConfigureAwait(false);
            return new StoreHealth(true, null, latency);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            return new StoreHealth(false, ex.Message, null);
        }
    }
}
