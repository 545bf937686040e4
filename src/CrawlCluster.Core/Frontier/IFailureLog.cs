namespace CrawlCluster.Core.Frontier;

/// <summary>
/// The cluster's last requests given up, newest first, kept in the store so that one page can show the failures of
/// every crawler. Bounded: older entries fall off.
/// </summary>
public interface IFailureLog
{
    /// <summary>How many failures are kept.</summary>
    const int Kept = 200;

    /// <summary>Records a request given up.</summary>
    Task RecordAsync(CrawlFailure failure, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="count"/> failures, newest first.</summary>
    Task<IReadOnlyList<CrawlFailure>> RecentAsync(int count, CancellationToken cancellationToken);
}
