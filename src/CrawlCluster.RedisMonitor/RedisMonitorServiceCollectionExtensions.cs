using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Stats;
using CrawlCluster.RedisMonitor.Jobs;
using CrawlCluster.RedisMonitor.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrawlCluster.RedisMonitor;

/// <summary>Registers a Redis Monitor in a host (the store and bus ports come from elsewhere).</summary>
internal static class RedisMonitorServiceCollectionExtensions
{
    /// <summary>Adds the Redis Monitor's job loop as a hosted service, with its settings.</summary>
    public static IServiceCollection AddRedisMonitor(this IServiceCollection services, RedisMonitorOptions options, StatsOptions stats, TopicOptions topics)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(options));
        services.TryAddSingleton(Options.Create(stats));
        services.AddSingleton(sp => new MonitorAnswers(sp.GetRequiredService<Core.Bus.IMessageBus>(), topics, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ClusterStats>();
        services.AddSingleton<MonitorStatsDump>();
        services.AddSingleton<RedisMonitorService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RedisMonitorService>());
        return services;
    }
}
