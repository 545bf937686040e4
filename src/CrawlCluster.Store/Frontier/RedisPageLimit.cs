using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Frontier;

/// <summary>
/// The original's page limits per crawl and domain (CONTRACT.md Part B §2.3): <c>domain_max_pages</c> of a crawl
/// request, and GLOBAL_PAGE_PER_DOMAIN_LIMIT, counted in the original's keys so both kinds of crawler share them.
/// </summary>
/// <param name="redis">The store.</param>
internal sealed class RedisPageLimit(IConnectionMultiplexer redis) : IPageLimits
{
    private static readonly string Script = EmbeddedScript.Read(typeof(RedisPageLimit), "PageLimit");

    /// <inheritdoc/>
    public Task<bool> TryTakeDomainPageAsync(string spiderId, string domain, string crawlId, int limit, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        TakeAsync(RedisKeys.DomainMaxPageFilter(spiderId, domain, crawlId), limit, timeout, refreshWhenReached: true, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> TryTakeGlobalPageAsync(string spiderId, string domain, string crawlId, int limit, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        TakeAsync(RedisKeys.GlobalPageCountFilter(spiderId, domain, crawlId), limit, timeout, refreshWhenReached: false, cancellationToken);

    private async Task<bool> TakeAsync(string key, int limit, TimeSpan timeout, bool refreshWhenReached, CancellationToken cancellationToken) =>
        (long)await StoreErrors.Guard(redis.GetDatabase().ScriptEvaluateAsync(Script, [key], [limit, (long)timeout.TotalSeconds, refreshWhenReached ? 1 : 0]),
            cancellationToken).ConfigureAwait(false) == 1;
}
