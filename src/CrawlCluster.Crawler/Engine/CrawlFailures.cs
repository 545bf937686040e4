using System.Collections.Concurrent;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Store;

namespace CrawlCluster.Crawler.Engine;

/// <summary>
/// The last requests given up in this process and why, for a one-command crawl's closing report (bounded), and the
/// same in the store's failure log (when there is one), for the dashboard's cluster-wide list.
/// </summary>
internal sealed class CrawlFailures(IFailureLog? clusterLog, TimeProvider time)
{
    private const int Kept = 1_000;
    private readonly ConcurrentQueue<(string Url, string Reason, string CrawlId)> _failures = new();

    /// <summary>Records a request given up.</summary>
    public async Task AddAsync(string url, string reason, string spiderId, string appId, string crawlId)
    {
        _failures.Enqueue((url, reason, crawlId));
        while (_failures.Count > Kept && _failures.TryDequeue(out _))
        {
        }

        if (clusterLog is null)
        {
            return;
        }

        try
        {
            await clusterLog.RecordAsync(new CrawlFailure(url, reason, spiderId, appId, crawlId, time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreException)
        {
            // The list is for people watching; the lease's ack that follows meets the same outage and handles it.
        }
    }

    /// <summary>The failures kept, oldest first.</summary>
    public IReadOnlyList<(string Url, string Reason, string CrawlId)> Recent => [.. _failures];
}
