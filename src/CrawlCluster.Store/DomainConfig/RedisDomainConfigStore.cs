using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Store;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.DomainConfig;

/// <summary>
/// The cluster's domain configuration in the store, replacing the original's ZooKeeper node (DESIGN.md §6.5): a
/// versioned document at <c>cc:config:&lt;ZOOKEEPER_ASSIGN_PATH + ZOOKEEPER_ID&gt;</c>, changed only by
/// compare-and-set (two racing updates both land; the original could lose one), never rewritten after a failed read
/// (the original could wipe it: Part B §8.1 #19), and announced on a pub/sub channel that crawlers watch.
/// </summary>
/// <param name="redis">The store.</param>
/// <param name="documentName">The document's name, <c>/scrapy-cluster/crawler/all</c> by default.</param>
internal sealed class RedisDomainConfigStore(IConnectionMultiplexer redis, string documentName) : IDomainConfigStore
{
    private const int MaxAttempts = 100;
    private static readonly string CompareAndSetScript = EmbeddedScript.Read(typeof(RedisDomainConfigStore), "CompareAndSet");
    private readonly RedisKey _key = "cc:config:" + documentName;
    private readonly RedisChannel _channel = RedisChannel.Literal("cc:config-signal:" + documentName);

    /// <inheritdoc/>
    public async Task<(ClusterDomainConfig Config, long Version)> ReadAsync(CancellationToken cancellationToken = default)
    {
        var values = await StoreErrors.Guard(redis.GetDatabase().HashGetAsync(_key, ["version", "yaml"]), cancellationToken).ConfigureAwait(false);
        var version = (long?)values[0] ?? 0;
        return (values[1].IsNull ? ClusterDomainConfig.Empty : DomainConfigYaml.Parse((string)values[1]!), version);
    }

    /// <inheritdoc/>
    public async Task<ClusterDomainConfig> UpdateAsync(Func<ClusterDomainConfig, ClusterDomainConfig> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var db = redis.GetDatabase();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (current, version) = await ReadAsync(cancellationToken).ConfigureAwait(false);
            var updated = change(current);
            var written = (long)await StoreErrors.Guard(db.ScriptEvaluateAsync(CompareAndSetScript, [_key], [version, DomainConfigYaml.Write(updated)]), cancellationToken)
                .ConfigureAwait(false);
            if (written > 0)
            {
                await StoreErrors.Guard(redis.GetSubscriber().PublishAsync(_channel, written), cancellationToken).ConfigureAwait(false);
                return updated;
            }
        }

        throw new InvalidOperationException($"the domain configuration changed {MaxAttempts} times while being updated; try again");
    }

    /// <summary>Replaces the whole configuration (<c>crawlcluster config push</c>).</summary>
    public Task<ClusterDomainConfig> ReplaceAsync(ClusterDomainConfig config, CancellationToken cancellationToken) =>
        UpdateAsync(_ => config, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Missed notifications are harmless: each call reads the latest document; one that cannot be read is skipped.</remarks>
    public async Task<IAsyncDisposable> WatchAsync(Func<ClusterDomainConfig, Task> onChange, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var queue = await StoreErrors.Guard(redis.GetSubscriber().SubscribeAsync(_channel), cancellationToken).ConfigureAwait(false);
        queue.OnMessage(async _ =>
        {
            try
            {
                await onChange((await ReadAsync(CancellationToken.None).ConfigureAwait(false)).Config).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StoreException or FormatException)
            {
                // The last good configuration stays in force; the next notification reads again.
            }
        });
        return new Subscription(queue);
    }

    private sealed class Subscription(ChannelMessageQueue queue) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await queue.UnsubscribeAsync().ConfigureAwait(false);
    }
}
