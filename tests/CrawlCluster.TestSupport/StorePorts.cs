using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Store;
using CrawlCluster.Store.Dedup;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CrawlCluster.TestSupport;

/// <summary>The store ports over a test's store connection, registered as the composition root registers them.</summary>
internal static class StorePorts
{
    /// <summary>A service provider holding every store port over <paramref name="redis"/>.</summary>
    public static ServiceProvider For(IConnectionMultiplexer redis, DupeFilterSettings? dupeFilter = null) =>
        Register(new ServiceCollection(), redis, dupeFilter).BuildServiceProvider();

    /// <summary>Registers every store port over <paramref name="redis"/>.</summary>
    public static IServiceCollection Register(IServiceCollection services, IConnectionMultiplexer redis, DupeFilterSettings? dupeFilter = null) =>
        services.AddRedisStore(redis, dupeFilter ?? DupeFilterSettings.Default, new DomainConfigOptions().DocumentName);
}
