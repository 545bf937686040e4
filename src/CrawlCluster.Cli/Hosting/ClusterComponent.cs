using CrawlCluster.Cli.Commands;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Cli.Hosting;

/// <summary>
/// The shared path of the one-component commands (<c>kafka-monitor run</c>, <c>redis-monitor</c>, <c>crawler</c>): refuse
/// the in-process bus, connect to the cluster's store and bus, host the component (with <c>/metrics</c> and <c>/health</c>
/// on <c>--metrics-port</c>), run until stopped.
/// </summary>
internal static class ClusterComponent
{
    /// <summary>Runs the component <paramref name="register"/> adds; the process's exit code.</summary>
    public static async Task<int> RunAsync(string component, CommandScope scope, ILogger logger, TextWriter error, CancellationToken stop, int? metricsPort,
        Action<Infrastructure, IServiceCollection> register)
    {
        var busOptions = scope.Get<BusOptions>();
        if (BusCommands.RejectMemory(busOptions, logger))
        {
            return ExitCodes.UsageError;
        }

        await using var infrastructure = await Infrastructure.TryOpenAsync(scope.Get<RedisOptions>(), busOptions, scope.Loggers, error).ConfigureAwait(false);
        if (infrastructure is null)
        {
            return ExitCodes.Failure;
        }

        using var host = MetricsEndpoint.Build(component, metricsPort, scope.Configuration, scope.Loggers, services => register(infrastructure, services),
            checks => checks.AddCheck<StoreHealthCheck>("store").AddCheck<BusHealthCheck>("bus"));
        return await ProcessHost.RunAsync(host, error, stop).ConfigureAwait(false);
    }
}
