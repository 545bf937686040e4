namespace CrawlCluster.Core.Frontier;

/// <summary>A crawl's requests by state: the basis of "is this crawl finished".</summary>
/// <param name="Pending">Queued, waiting for a crawler.</param>
/// <param name="InFlight">Leased by a crawler, result not yet published.</param>
/// <param name="Done">Result published.</param>
/// <param name="Failed">Given up.</param>
public sealed record CrawlCounts(long Pending, long InFlight, long Done, long Failed)
{
    /// <summary>Nothing queued and nothing being worked on.</summary>
    public bool Finished => Pending == 0 && InFlight == 0;
}
