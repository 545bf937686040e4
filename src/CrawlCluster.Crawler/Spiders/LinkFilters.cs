using CrawlCluster.Core.Caching;

namespace CrawlCluster.Crawler.Spiders;

/// <summary>
/// Compiled link filters, kept per set of crawl fields: every page of a crawl carries the same allowed domains and
/// regexes, so they are compiled once per crawl, not once per page. Bounded, as the crawls a process meets are not.
/// </summary>
internal static class LinkFilters
{
    private static readonly BoundedCache<string, (LinkFilter? Filter, string? Error)> Cache = new(1024, StringComparer.Ordinal);

    /// <summary>The filter for these fields, or the reason one cannot be built (an invalid regex).</summary>
    public static (LinkFilter? Filter, string? Error) For(IReadOnlyList<string>? allowedDomains, IReadOnlyList<string>? allowRegex,
        IReadOnlyList<string>? denyRegex, IReadOnlyList<string>? denyExtensions)
    {
        var key = string.Join('\u0001', Part(allowedDomains), Part(allowRegex), Part(denyRegex), Part(denyExtensions));
        return Cache.GetOrAdd(key, _ =>
        {
            try
            {
                return (new LinkFilter(allowedDomains, allowRegex, denyRegex, denyExtensions), null);
            }
            catch (ArgumentException ex)
            {
                return (null, ex.Message);
            }
        });
    }

    // A null list (no restriction, or the defaults) differs from an empty one.
    private static string Part(IReadOnlyList<string>? values) => values is null ? "\u0000" : string.Join('\u0002', values);
}
