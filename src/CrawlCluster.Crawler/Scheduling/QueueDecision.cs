namespace CrawlCluster.Crawler.Scheduling;

/// <summary>What became of a request offered to the queues.</summary>
internal enum QueueDecision
{
    /// <summary>Queued.</summary>
    Queued,

    /// <summary>Seen before in this crawl (the duplicate filter).</summary>
    Duplicate,

    /// <summary>The crawl's domain_max_pages or GLOBAL_PAGE_PER_DOMAIN_LIMIT is reached.</summary>
    PageLimit,

    /// <summary>The crawl was stopped (its appid and crawlid are on the spider's blacklist).</summary>
    Blacklisted,

    /// <summary>The crawl's <c>expires</c> has passed.</summary>
    Expired,

    /// <summary>Not a URL a crawler can fetch, or a host that breaks store keys.</summary>
    Invalid,
}
