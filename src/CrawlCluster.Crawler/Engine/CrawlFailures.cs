using System.Collections.Concurrent;

namespace CrawlCluster.Crawler.Engine;

/// <summary>The last requests given up in this process and why, for a one-command crawl's closing report (bounded).</summary>
internal sealed class CrawlFailures
{
    private const int Kept = 1_000;
    private readonly ConcurrentQueue<(string Url, string Reason, string CrawlId)> _failures = new();

    /// <summary>Records a request given up.</summary>
    public void Add(string url, string reason, string crawlId)
    {
        _failures.Enqueue((url, reason, crawlId));
        while (_failures.Count > Kept && _failures.TryDequeue(out _))
        {
        }
    }

    /// <summary>The failures kept, oldest first.</summary>
    public IReadOnlyList<(string Url, string Reason, string CrawlId)> Recent => [.. _failures];
}
