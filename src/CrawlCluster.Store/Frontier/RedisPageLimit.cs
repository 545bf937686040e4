using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Frontier;

/// <summary>
/// The original's page limits per crawl and domain (CONTRACT.md Part B §2.3): <c>domain_max_pages</c> of a crawl
/// request, and GLOBAL_PAGE_PER_DOMAIN_LIMIT, counted in the original's keys so both kinds of crawler share them.
/// </summary>
/// <param name="db">The store.</param>
public sealed class RedisPageLimit(IDatabase db)
{
    private static readonly string Script = EmbeddedScript.Read(typeof(RedisPageLimit), "PageLimit");

    /// <summary>Whether one more request of the crawl may be queued for the domain under its <c>domain_max_pages</c>.</summary>
    public Task<bool> TryTakeDomainPageAsync(string spider, string domain, string crawlId, int limit, TimeSpan timeout) =>
        TakeAsync(RedisKeys.DomainMaxPageFilter(spider, domain, crawlId), limit, timeout, refreshWhenReached: true);

    /// <summary>Whether one more request may be queued for the domain under GLOBAL_PAGE_PER_DOMAIN_LIMIT.</summary>
    public Task<bool> TryTakeGlobalPageAsync(string spider, string domain, string crawlId, int limit, TimeSpan timeout) =>
        TakeAsync(RedisKeys.GlobalPageCountFilter(spider, domain, crawlId), limit, timeout, refreshWhenReached: false);

    private async Task<bool> TakeAsync(string key, int limit, TimeSpan timeout, bool refreshWhenReached) =>
        (long)(await db.ScriptEvaluateAsync(Script, [key], [limit, (long)timeout.TotalSeconds, refreshWhenReached ? 1 : 0]).ConfigureAwait(false)) == 1;
}
