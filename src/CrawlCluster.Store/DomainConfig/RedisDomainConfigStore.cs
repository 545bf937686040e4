using CrawlCluster.Core.DomainConfig;
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
public sealed class RedisDomainConfigStore(IConnectionMultiplexer redis, string documentName)
{
    private const int MaxAttempts = 100;
    private static readonly string CompareAndSetScript = EmbeddedScript.Read(typeof(RedisDomainConfigStore), "CompareAndSet");
    private readonly RedisKey _key = "cc:config:" + documentName;
    private readonly RedisChannel _channel = RedisChannel.Literal("cc:config-signal:" + documentName);

    /// <summary>The configuration and its version (0 when never written).</summary>
    /// <exception cref="FormatException">The stored document is not a valid configuration.</exception>
    public async Task<(ClusterDomainConfig Config, long Version)> ReadAsync()
    {
        var values = await redis.GetDatabase().HashGetAsync(_key, ["version", "yaml"]).ConfigureAwait(false);
        var version = (long?)values[0] ?? 0;
        return (values[1].IsNull ? ClusterDomainConfig.Empty : DomainConfigYaml.Parse((string)values[1]!), version);
    }

    /// <summary>Applies <paramref name="change"/> to the current configuration, retrying when another writer got there first.</summary>
    /// <returns>The configuration as written.</returns>
    public async Task<ClusterDomainConfig> UpdateAsync(Func<ClusterDomainConfig, ClusterDomainConfig> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var db = redis.GetDatabase();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (current, version) = await ReadAsync().ConfigureAwait(false);
            var updated = change(current);
            var written = (long)(await db.ScriptEvaluateAsync(CompareAndSetScript, [_key], [version, DomainConfigYaml.Write(updated)]).ConfigureAwait(false));
            if (written > 0)
            {
                await redis.GetSubscriber().PublishAsync(_channel, written).ConfigureAwait(false);
                return updated;
            }
        }

        throw new InvalidOperationException($"the domain configuration changed {MaxAttempts} times while being updated; try again");
    }

    /// <summary>Replaces the whole configuration (<c>crawlcluster config push</c>).</summary>
    public Task<ClusterDomainConfig> ReplaceAsync(ClusterDomainConfig config, CancellationToken cancellationToken) =>
        UpdateAsync(_ => config, cancellationToken);

    /// <summary>
    /// Calls <paramref name="onChange"/> with the new configuration after every update, until the returned handle is
    /// disposed. Missed notifications are harmless: each call reads the latest document.
    /// </summary>
    public async Task<IAsyncDisposable> WatchAsync(Func<ClusterDomainConfig, Task> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var queue = await redis.GetSubscriber().SubscribeAsync(_channel).ConfigureAwait(false);
        queue.OnMessage(async _ => await onChange((await ReadAsync().ConfigureAwait(false)).Config).ConfigureAwait(false));
        return new Subscription(queue);
    }

    private sealed class Subscription(ChannelMessageQueue queue) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await queue.UnsubscribeAsync().ConfigureAwait(false);
    }
}
