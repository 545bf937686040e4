using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Locks;

/// <summary>
/// A lock on a job key with an expiry, compatible with the original Redis Monitor's python-redis-lock
/// (<c>lock:&lt;key&gt;</c> set with NX and a random value, released by compare-and-delete that pushes
/// <c>lock-signal:&lt;key&gt;</c>), so our monitors and the original's never work on one job at once.
/// </summary>
/// <param name="db">The store.</param>
public sealed class RedisJobLock(IDatabase db)
{
    private static readonly string ReleaseScript = EmbeddedScript.Read(typeof(RedisJobLock), "Release");
    private static readonly string RenewScript = EmbeddedScript.Read(typeof(RedisJobLock), "Renew");

    /// <summary>Takes the lock on <paramref name="jobKey"/> without waiting; null when another holder has it.</summary>
    /// <returns>The holder's token, needed to renew and release.</returns>
    public async Task<string?> TryAcquireAsync(string jobKey, TimeSpan expiry)
    {
        var token = Guid.NewGuid().ToString("N");
        return await db.StringSetAsync(RedisKeys.Lock(jobKey), token, expiry, When.NotExists).ConfigureAwait(false) ? token : null;
    }

    /// <summary>Extends the lock; false when it was lost (expired, or taken by another holder).</summary>
    public async Task<bool> RenewAsync(string jobKey, string token, TimeSpan expiry) =>
        (long)(await db.ScriptEvaluateAsync(RenewScript, [RedisKeys.Lock(jobKey)], [token, (long)expiry.TotalMilliseconds]).ConfigureAwait(false)) == 1;

    /// <summary>Releases the lock if still held; false when it had been lost.</summary>
    public async Task<bool> ReleaseAsync(string jobKey, string token) =>
        (long)(await db.ScriptEvaluateAsync(ReleaseScript, [RedisKeys.Lock(jobKey), RedisKeys.LockSignal(jobKey)], [token]).ConfigureAwait(false)) == 1;
}
