namespace CrawlCluster.Core.Frontier;

/// <summary>The crawls that were stopped (the original's <c>&lt;spiderid&gt;:blacklist</c>): their requests are refused.</summary>
public interface ICrawlBlacklist
{
    /// <summary>Whether the crawl was stopped.</summary>
    Task<bool> IsStoppedAsync(string spiderId, CrawlIdentity crawl, CancellationToken cancellationToken);

    /// <summary>Marks the crawl stopped.</summary>
    Task StopAsync(string spiderId, CrawlIdentity crawl, CancellationToken cancellationToken);
}
