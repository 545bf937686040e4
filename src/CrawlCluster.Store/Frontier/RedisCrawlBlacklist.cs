using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Connection;
using StackExchange.Redis;

namespace CrawlCluster.Store.Frontier;

/// <summary>The stopped crawls in the original's set <c>&lt;spiderid&gt;:blacklist</c> (members <c>&lt;appid&gt;||&lt;crawlid&gt;</c>).</summary>
/// <param name="redis">The store.</param>
internal sealed class RedisCrawlBlacklist(IConnectionMultiplexer redis) : ICrawlBlacklist
{
    /// <inheritdoc/>
    public Task<bool> IsStoppedAsync(string spiderId, CrawlIdentity crawl, CancellationToken cancellationToken) =>
        StoreErrors.Guard(redis.GetDatabase().SetContainsAsync(RedisKeys.CrawlBlacklist(spiderId), RedisKeys.CrawlBlacklistMember(crawl.AppId, crawl.CrawlId)),
            cancellationToken);

    /// <inheritdoc/>
    public Task StopAsync(string spiderId, CrawlIdentity crawl, CancellationToken cancellationToken) =>
        StoreErrors.Guard(redis.GetDatabase().SetAddAsync(RedisKeys.CrawlBlacklist(spiderId), RedisKeys.CrawlBlacklistMember(crawl.AppId, crawl.CrawlId)),
            cancellationToken);
}
