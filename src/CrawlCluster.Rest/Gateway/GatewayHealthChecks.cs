using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrawlCluster.Rest.Gateway;

/// <summary><c>/health</c>: the store answers a ping.</summary>
internal sealed class StoreHealthCheck(IStoreHealth store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.CheckAsync(cancellationToken).ConfigureAwait(false) is { } reason ? HealthCheckResult.Unhealthy(reason) : HealthCheckResult.Healthy();
}

/// <summary><c>/health</c>: the bus answers.</summary>
internal sealed class BusHealthCheck(IMessageBus bus) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = await bus.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        return health.Connected ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(health.Reason);
    }
}
