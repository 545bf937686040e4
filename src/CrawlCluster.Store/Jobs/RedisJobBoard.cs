using CrawlCluster.Core.Jobs;
using CrawlCluster.Store.Connection;
using StackExchange.Redis;

namespace CrawlCluster.Store.Jobs;

/// <summary>
/// Jobs for the Redis Monitor at their keys in the original's layout, plus a signal on <c>cc:jobs-signal</c> so a
/// monitor can find new jobs without scanning the keyspace (the original's monitor scans it every 100 ms).
/// </summary>
/// <param name="redis">The store.</param>
internal sealed class RedisJobBoard(IConnectionMultiplexer redis) : IJobBoard
{
    /// <summary>The channel that announces a new job (its key as the message).</summary>
    public static readonly RedisChannel Signal = RedisChannel.Literal("cc:jobs-signal");

    /// <inheritdoc/>
    public async Task PostAsync(string key, string value, CancellationToken cancellationToken)
    {
        await StoreErrors.Guard(redis.GetDatabase().StringSetAsync(key, value), cancellationToken).ConfigureAwait(false);
        await StoreErrors.Guard(redis.GetSubscriber().PublishAsync(Signal, key, CommandFlags.FireAndForget), cancellationToken).ConfigureAwait(false);
    }
}
