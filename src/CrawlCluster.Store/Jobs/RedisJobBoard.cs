using CrawlCluster.Core.Jobs;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Signals;
using CrawlCluster.Store.Connection;
using StackExchange.Redis;

namespace CrawlCluster.Store.Jobs;

/// <summary>
/// Jobs for the Redis Monitor at their keys in the original's layout, indexed in <c>cc:jobs</c> and announced on
/// <c>cc:jobs-signal</c>, so a monitor finds new jobs at once and without scanning the keyspace (the original's
/// monitor scans it every 100 ms). Jobs the original's Kafka Monitor writes (no index entry) are adopted by
/// <see cref="AdoptAsync"/>, a scan the monitor runs now and then.
/// </summary>
/// <param name="redis">The store.</param>
internal sealed class RedisJobBoard(IConnectionMultiplexer redis) : IJobBoard
{
    /// <summary>The channel that announces a new job (its key as the message).</summary>
    public static readonly RedisChannel Signal = RedisChannel.Literal("cc:jobs-signal");

    private static readonly RedisKey Index = "cc:jobs";
    private readonly ChangeSignal _posted = new();
    private Lazy<Task>? _listening;
    private Task? _sincePending;

    /// <inheritdoc/>
    public async Task PostAsync(string key, string value, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var set = batch.StringSetAsync(key, value);
        var indexed = batch.SetAddAsync(Index, key);
        batch.Execute();
        await StoreErrors.Guard(Task.WhenAll(set, indexed), cancellationToken).ConfigureAwait(false);
        await StoreErrors.Guard(redis.GetSubscriber().PublishAsync(Signal, key, CommandFlags.FireAndForget), cancellationToken).ConfigureAwait(false);
    }

    private Lazy<Task> Listening() => LazyInitializer.EnsureInitialized(ref _listening, () => new Lazy<Task>(() =>
        redis.GetSubscriber().SubscribeAsync(Signal, (_, _) => _posted.Notify())));

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken)
    {
        // A post from now on ends the next wait, even one that lands before the wait begins.
        await StoreErrors.Guard(Listening().Value, cancellationToken).ConfigureAwait(false);
        _sincePending = _posted.Next;
        var members = await StoreErrors.Guard(redis.GetDatabase().SetMembersAsync(Index), cancellationToken).ConfigureAwait(false);
        return [.. members.Select(m => (string)m!).Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public async Task<int> AdoptAsync(IReadOnlyList<string> patterns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        try
        {
            var db = redis.GetDatabase();
            var adopted = 0;
            foreach (var server in redis.GetServers())
            {
                foreach (var pattern in patterns)
                {
                    await foreach (var key in server.KeysAsync(db.Database, pattern, pageSize: 1000).WithCancellation(cancellationToken).ConfigureAwait(false))
                    {
                        adopted += await db.SetAddAsync(Index, key.ToString()).ConfigureAwait(false) ? 1 : 0;
                    }
                }
            }

            return adopted;
        }
        catch (Exception ex) when (StoreErrors.IsStoreError(ex))
        {
            throw StoreErrors.Translate(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<string?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var value = await StoreErrors.Guard(redis.GetDatabase().StringGetAsync(key), cancellationToken).ConfigureAwait(false);
        if (value.IsNull)
        {
            // Gone: handled elsewhere, or deleted by hand. The index forgets it.
            await StoreErrors.Guard(redis.GetDatabase().SetRemoveAsync(Index, key), cancellationToken).ConfigureAwait(false);
            return null;
        }

        return value;
    }

    /// <inheritdoc/>
    public Task CompleteAsync(string key, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var deleted = batch.KeyDeleteAsync([key, RedisKeys.LockFailures(key)]);
        var unindexed = batch.SetRemoveAsync(Index, key);
        batch.Execute();
        return StoreErrors.Guard(Task.WhenAll(deleted, unindexed), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> CountFailureAsync(string key, CancellationToken cancellationToken) =>
        StoreErrors.Guard(redis.GetDatabase().StringIncrementAsync(RedisKeys.LockFailures(key)), cancellationToken);

    /// <inheritdoc/>
    /// <remarks>A job posted since the last <see cref="PendingAsync"/> ends the wait at once.</remarks>
    public async Task WaitForJobAsync(TimeSpan longest, CancellationToken cancellationToken)
    {
        await StoreErrors.Guard(Listening().Value, cancellationToken).ConfigureAwait(false);
        var next = _sincePending ?? _posted.Next;
        try
        {
            await next.WaitAsync(longest, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Nothing posted: look again (expiry times, adopted jobs).
        }
    }
}
