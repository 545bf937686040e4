namespace CrawlCluster.TestSupport.Faults;

/// <summary>A scenario's run as its injection sees it: the cluster, the crawl, and where to note what happened.</summary>
public sealed class FaultRun(FaultCluster cluster, string crawlId, int pages)
{
    private readonly List<string> _notes = [];

    public FaultCluster Cluster => cluster;

    public string CrawlId => crawlId;

    /// <summary>Pages of the site.</summary>
    public int Pages => pages;

    /// <summary>When the fault ended (the process back, the server back, the proxy open again); null until then.</summary>
    public DateTimeOffset? FaultEnded { get; private set; }

    /// <summary>What the injection saw, for the report.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>How recovery is measured: the next page on the bus (default) or the next row in the database.</summary>
    public bool RecoveryInDatabase { get; set; }

    public void Ended() => FaultEnded = DateTimeOffset.UtcNow;

    public void Note(string note) => _notes.Add(note);

    /// <summary>Waits until <paramref name="count"/> pages of the crawl were published.</summary>
    public async Task PagesPublishedAsync(int count)
    {
        if (!await cluster.Pages.WaitAsync(e => e.Count(p => p.CrawlId == crawlId) >= count, TimeSpan.FromMinutes(3)).ConfigureAwait(false))
        {
            throw new TimeoutException($"{count} pages were not published within 3 minutes");
        }
    }

    /// <summary>Waits until the sink has stored <paramref name="count"/> rows of the crawl.</summary>
    public async Task RowsStoredAsync(long count)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(3);
        while ((await cluster.DatabaseRowsAsync(crawlId).ConfigureAwait(false)).Rows < count)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{count} rows were not stored within 3 minutes");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }
}
