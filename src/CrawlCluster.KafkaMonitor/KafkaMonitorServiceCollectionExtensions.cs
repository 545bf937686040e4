using CrawlCluster.Core.Stats;
using CrawlCluster.KafkaMonitor.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrawlCluster.KafkaMonitor;

/// <summary>Registers a Kafka Monitor in a host (the composition root calls it; the store and bus ports come from elsewhere).</summary>
internal static class KafkaMonitorServiceCollectionExtensions
{
    /// <summary>Adds the Kafka Monitor's ingest loop as a hosted service, with its settings.</summary>
    public static IServiceCollection AddKafkaMonitor(this IServiceCollection services, KafkaMonitorOptions options, StatsOptions stats)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(options));
        services.TryAddSingleton(Options.Create(stats));
        services.AddSingleton<KafkaMonitorService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<KafkaMonitorService>());
        return services;
    }
}
