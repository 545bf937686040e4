namespace CrawlCluster.Crawler.Spiders;

/// <summary>
/// A spider: turns a downloaded page into the links recorded with it and the requests to crawl next (the original's
/// Scrapy spiders, CONTRACT.md Part B §2.7). It must not throw on any page: broken HTML and bad encodings are normal.
/// </summary>
public interface ISpider
{
    /// <summary>The spider type (<c>spiderid</c>), e.g. <c>link</c>.</summary>
    string Name { get; }

    /// <summary>Parses one page.</summary>
    SpiderOutput Parse(SpiderResponse response);
}
