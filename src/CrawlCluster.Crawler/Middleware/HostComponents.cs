namespace CrawlCluster.Crawler.Middleware;

/// <summary>
/// Components a host process adds to the crawler's chains by name, created from its services like the built-ins
/// (<c>crawl</c> records each page's depth for its CSV output this way). They still need a rank in the settings.
/// </summary>
/// <param name="Types">Name → component type (a downloader or spider middleware, or an item pipeline).</param>
internal sealed record HostComponents(IReadOnlyDictionary<string, Type> Types);
