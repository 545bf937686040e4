namespace CrawlCluster.Core.Frontier;

/// <summary>
/// The original's page limits per crawl and domain: <c>domain_max_pages</c> of a crawl request and
/// GLOBAL_PAGE_PER_DOMAIN_LIMIT, counted in the original's keys so both kinds of crawler share them.
/// </summary>
public interface IPageLimits
{
    /// <summary>Whether one more request of the crawl may be queued for the domain under its <c>domain_max_pages</c>.</summary>
    Task<bool> TryTakeDomainPageAsync(string spiderId, string domain, string crawlId, int limit, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Whether one more request may be queued for the domain under GLOBAL_PAGE_PER_DOMAIN_LIMIT.</summary>
    Task<bool> TryTakeGlobalPageAsync(string spiderId, string domain, string crawlId, int limit, TimeSpan timeout, CancellationToken cancellationToken);
}
