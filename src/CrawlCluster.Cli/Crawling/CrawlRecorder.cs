using System.Collections.Concurrent;
using CrawlCluster.Crawler.Pipelines;

namespace CrawlCluster.Cli.Crawling;

/// <summary>
/// What <c>crawl</c> learns of each page before it is published — its depth, which the crawled-page message does not
/// carry — for the CSV output. An item pipeline the command adds to the chain; it changes nothing.
/// </summary>
internal sealed class CrawlRecorder(PageDepths depths) : IItemPipeline
{
    public ValueTask<CrawledItem?> ProcessAsync(CrawledItem item, CancellationToken cancellationToken)
    {
        depths.Record(item.Response.ResponseUrl.AbsoluteUri, item.Request.CurrentDepth);
        return ValueTask.FromResult<CrawledItem?>(item);
    }
}

/// <summary>Each crawled page's depth, by the URL its message carries.</summary>
internal sealed class PageDepths
{
    private readonly ConcurrentDictionary<string, int> _depths = new(StringComparer.Ordinal);

    public void Record(string url, int depth) => _depths[url] = depth;

    /// <summary>The depth of <paramref name="url"/>, taken out (each page is written once), or null.</summary>
    public int? Take(string url) => _depths.TryRemove(url, out var depth) ? depth : null;
}
