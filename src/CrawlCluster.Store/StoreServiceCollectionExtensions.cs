using CrawlCluster.Core.Dedup;
using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Jobs;
using CrawlCluster.Core.Robots;
using CrawlCluster.Core.Stats;
using CrawlCluster.Store.Dedup;
using CrawlCluster.Store.DomainConfig;
using CrawlCluster.Store.Frontier;
using CrawlCluster.Store.Jobs;
using CrawlCluster.Store.Locks;
using CrawlCluster.Store.Robots;
using CrawlCluster.Store.Stats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using CrawlCluster.Core.Rest;
using CrawlCluster.Core.Store;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Polling;
using StackExchange.Redis;

namespace CrawlCluster.Store;

/// <summary>Registers the Redis adapters of the store ports (the composition root's only way to reach them).</summary>
internal static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers every store port over <paramref name="connection"/> — a real Redis or the embedded Garnet, one code
    /// path — which the caller opened (failing fast when nothing answers) and closes after the host.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="connection">The process's store connection.</param>
    /// <param name="dupeFilter">Which duplicate filter (DUPEFILTER_TYPE and its sizes).</param>
    /// <param name="domainConfigDocument">The domain configuration's document name.</param>
    public static IServiceCollection AddRedisStore(this IServiceCollection services, IConnectionMultiplexer connection, DupeFilterSettings dupeFilter,
        string domainConfigDocument)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(dupeFilter);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(connection);
        services.AddSingleton<IFrontierQueue>(sp => new RedisFrontierQueue(connection, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IFrontierConsumers>(sp => new RedisFrontierConsumers(connection, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IFrontierMaintenance>(sp => new RedisFrontierMaintenance(connection, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICrawlLedger>(new RedisCrawlLedger(connection));
        services.AddSingleton<IPageLimits>(new RedisPageLimit(connection));
        services.AddSingleton<IFailureLog>(new RedisFailureLog(connection));
        services.AddSingleton<ICrawlBlacklist>(new RedisCrawlBlacklist(connection));
        services.AddSingleton<IDupeFilter>(dupeFilter.Type == "bloom"
            ? new RedisBloomDupeFilter(connection, new BloomFilterShape(dupeFilter.BloomCapacity, dupeFilter.BloomErrorRate), dupeFilter.Timeout)
            : new RedisDupeFilter(connection, dupeFilter.Timeout));
        services.AddSingleton<IStatsStore>(sp => new RedisStatsCollector(connection, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IHeartbeats>(sp => new RedisHeartbeat(connection, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDomainConfigStore>(new RedisDomainConfigStore(connection, domainConfigDocument));
        services.AddSingleton<IRobotsStore>(new RedisRobotsStore(connection));
        services.AddSingleton<IJobBoard>(new RedisJobBoard(connection));
        services.AddSingleton<IJobLocks>(new RedisJobLock(connection));
        services.AddSingleton<IPollStore>(new RedisPollStore(connection.GetDatabase()));
        services.AddSingleton<IStoreHealth>(new RedisStoreHealth(connection));
        return services;
    }
}
