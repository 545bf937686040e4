using CrawlCluster.Crawler.Middleware;

namespace CrawlCluster.Crawler.Pipelines;

/// <summary>
/// An item pipeline stage (Scrapy's): each crawled page passes the stages in rank order (ITEM_PIPELINES), the bus
/// publish last. A stage may change the item (add fields, attrs), store it elsewhere, or drop it by returning null
/// (the page is then not published and its request counts as failed). An exception fails the request, never the crawler.
/// </summary>
public interface IItemPipeline
{
    /// <summary>Called once before the first item, with the crawler's settings and services.</summary>
    ValueTask OpenAsync(CrawlerComponentContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Processes one item; returns it (changed or not) for the next stage, or null to drop it.</summary>
    ValueTask<CrawledItem?> ProcessAsync(CrawledItem item, CancellationToken cancellationToken);
}
