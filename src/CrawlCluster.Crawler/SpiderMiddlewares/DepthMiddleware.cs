using CrawlCluster.Crawler.Middleware;
using CrawlCluster.Crawler.Spiders;

namespace CrawlCluster.Crawler.SpiderMiddlewares;

/// <summary>Drops requests a spider made below the crawl's <c>maxdepth</c>, whichever spider made them.</summary>
internal sealed class DepthMiddleware : ISpiderMiddleware
{
    public async ValueTask<SpiderOutput> ProcessAsync(SpiderResponse response, SpiderDelegate next, CancellationToken cancellationToken)
    {
        var output = await next(response, cancellationToken).ConfigureAwait(false);
        var maxDepth = response.Request.MaxDepth;
        return output.Requests.All(r => r.CurrentDepth <= maxDepth) ? output : output with { Requests = [.. output.Requests.Where(r => r.CurrentDepth <= maxDepth)] };
    }
}
