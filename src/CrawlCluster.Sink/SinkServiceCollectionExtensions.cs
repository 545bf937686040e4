using CrawlCluster.Core.Sink;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CrawlCluster.Sink;

/// <summary>Registers the sink on a host whose composition root provides the bus and an <see cref="ISinkDatabase"/>.</summary>
internal static class SinkServiceCollectionExtensions
{
    public static IServiceCollection AddSink(this IServiceCollection services, SinkPlan plan)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(plan);
        services.AddSingleton<SinkHealth>();
        services.AddSingleton<SinkService>();
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<SinkService>());
        return services;
    }
}
