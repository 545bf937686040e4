namespace CrawlCluster.TestSupport.Faults;

/// <summary>One fault the suite injects into a running crawl.</summary>
/// <param name="Name">A short name (the table's first column, and the tests' case name).</param>
/// <param name="What">What is done, in words.</param>
/// <param name="Inject">Waits for the moment, injects the fault and recovers from it; says when the fault ended.</param>
/// <param name="AppendFsync">redis-server's AOF fsync policy (<c>everysec</c>, <c>always</c>), or null for no AOF.</param>
/// <param name="LossFree">Whether the cluster promises that nothing is lost (false only where the store itself forgets).</param>
/// <param name="FeedEachPage">Feed one request per page on the incoming topic instead of one crawl through the gateway.</param>
public sealed record FaultScenario(string Name, string What, Func<FaultRun, Task> Inject, string? AppendFsync = null, bool LossFree = true,
    bool FeedEachPage = false)
{
    public override string ToString() => Name;
}
