namespace CrawlCluster.Crawler.Engine;

/// <summary>How many requests a crawler process works on at once.</summary>
/// <param name="Count">Workers (CONCURRENT_REQUESTS, times the engines of <c>crawl --crawlers</c>).</param>
internal sealed record CrawlerWorkers(int Count);
