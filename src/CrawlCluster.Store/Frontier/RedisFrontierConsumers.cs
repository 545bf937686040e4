using CrawlCluster.Core.Frontier;
using StackExchange.Redis;

namespace CrawlCluster.Store.Frontier;

/// <summary>Opens <see cref="RedisFrontierConsumer"/>s on the process's store connection.</summary>
/// <param name="redis">The store.</param>
/// <param name="time">The clock.</param>
internal sealed class RedisFrontierConsumers(IConnectionMultiplexer redis, TimeProvider time) : IFrontierConsumers
{
    /// <inheritdoc/>
    public IFrontierConsumer Open(string spiderId, FrontierSettings settings) => new RedisFrontierConsumer(redis, spiderId, settings, time);
}
