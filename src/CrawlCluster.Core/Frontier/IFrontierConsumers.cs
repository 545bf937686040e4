namespace CrawlCluster.Core.Frontier;

/// <summary>Opens the consumer side of the frontier for a spider type.</summary>
public interface IFrontierConsumers
{
    /// <summary>A consumer of <paramref name="spiderId"/>'s queues that leases under <paramref name="settings"/>.</summary>
    IFrontierConsumer Open(string spiderId, FrontierSettings settings);
}
