using CrawlCluster.Crawler.Engine;
using CrawlCluster.Crawler.Middleware;
using CrawlCluster.Crawler.Robots;

namespace CrawlCluster.Crawler.DownloaderMiddlewares;

/// <summary>
/// robots.txt (RFC 9309), obeyed with ROBOTSTXT_OBEY: a disallowed request is dropped; a site whose file cannot be read
/// is not crawled for now — a retryable failure naming the real cause; a Crawl-delay slows the domain's throttle.
/// </summary>
internal sealed class RobotsTxtMiddleware(RobotsCache robots, SpiderFrontier frontier) : IDownloaderMiddleware
{
    public async ValueTask<DownloadOutcome> ProcessAsync(CrawlContext context, DownloadDelegate next, CancellationToken cancellationToken)
    {
        var verdict = await robots.GetAsync(context.Url, cancellationToken).ConfigureAwait(false);
        if (verdict.Unreachable is { } reason)
        {
            return DownloadOutcome.Fail($"robots.txt could not be read: {reason}", retryable: true);
        }

        var userAgent = context.Headers.TryGetValue("User-Agent", out var agent) ? agent : "";
        if (verdict.Rules.CrawlDelay(userAgent) is { } delay)
        {
            frontier.CrawlDelays.Set(context.Domain, delay);
        }

        return verdict.Rules.Allows(context.Url, userAgent)
            ? await next(context, cancellationToken).ConfigureAwait(false)
            : DownloadOutcome.Drop("robots.txt forbids it");
    }
}
