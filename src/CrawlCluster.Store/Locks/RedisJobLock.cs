using CrawlCluster.Core.Jobs;
using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Locks;

/// <summary>
/// A lock on a job key with an expiry, compatible with the original Redis Monitor's python-redis-lock
/// (<c>lock:&lt;key&gt;</c> set with NX and a random value, released by compare-and-delete that pushes
/// <c>lock-signal:&lt;key&gt;</c>), so our monitors and the original's never work on one job at once.
/// </summary>
/// <param name="redis">The store.</param>
internal sealed class RedisJobLock(IConnectionMultiplexer redis) : IJobLocks
{
    private static readonly string ReleaseScript = EmbeddedScript.Read(typeof(RedisJobLock), "Release");
    private static readonly string RenewScript = EmbeddedScript.Read(typeof(RedisJobLock), "Renew");

    /// <inheritdoc/>
    public async Task<string?> TryAcquireAsync(string jobKey, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        var token = Guid.NewGuid().ToString("N");
        return await StoreErrors.Guard(redis.GetDatabase().StringSetAsync(RedisKeys.Lock(jobKey), token, expiry, When.NotExists), cancellationToken).ConfigureAwait(false)
            ? token
            : null;
    }

    /// <inheritdoc/>
    public async Task<bool> RenewAsync(string jobKey, string token, TimeSpan expiry, CancellationToken cancellationToken = default) =>
        (long)await StoreErrors.Guard(redis.GetDatabase().ScriptEvaluateAsync(RenewScript, [RedisKeys.Lock(jobKey)], [token, (long)expiry.TotalMilliseconds]),
            cancellationToken).ConfigureAwait(false) == 1;

    /// <inheritdoc/>
    public async Task<bool> ReleaseAsync(string jobKey, string token, CancellationToken cancellationToken = default) =>
        (long)await StoreErrors.Guard(redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [RedisKeys.Lock(jobKey), RedisKeys.LockSignal(jobKey)], [token]),
            cancellationToken).ConfigureAwait(false) == 1;
}
