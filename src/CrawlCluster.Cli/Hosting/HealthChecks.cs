using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Store;
using CrawlCluster.Sink;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrawlCluster.Cli.Hosting;

/// <summary><c>/health</c> of every long-running process: the store answers a ping.</summary>
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

/// <summary><c>/health</c> of a sink: unhealthy while the database cannot be written, with since when and why.</summary>
internal sealed class SinkHealthCheck(SinkHealth sink, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(sink.Outage is { } outage
            ? HealthCheckResult.Unhealthy($"database unavailable for {(time.GetUtcNow() - outage.Since).TotalSeconds:F0} s: {outage.Reason}")
            : sink.Ready ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded("starting"));
}
