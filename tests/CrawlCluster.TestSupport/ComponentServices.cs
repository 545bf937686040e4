using CrawlCluster.Core.Bus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CrawlCluster.TestSupport;

/// <summary>
/// What a component's registrations need from the composition root — the store ports over a test's store, a bus,
/// settings and loggers — so a test can add one component and run its hosted service as the host would.
/// </summary>
public static class ComponentServices
{
    /// <summary>The services a component runs on.</summary>
    public static IServiceCollection Create(IConnectionMultiplexer redis, IMessageBus bus, ListLogger logger, IConfiguration? settings = null) =>
        Create(redis, bus, new ListLoggerFactory(logger), settings);

    /// <summary>The services a component runs on, logging to <paramref name="loggers"/>.</summary>
    public static IServiceCollection Create(IConnectionMultiplexer redis, IMessageBus bus, ILoggerFactory loggers, IConfiguration? settings = null)
    {
        var services = new ServiceCollection();
        StorePorts.Register(services, redis);
        services.AddSingleton(bus);
        services.AddSingleton(settings ?? new ConfigurationBuilder().AddInMemoryCollection([]).Build());
        services.AddSingleton(loggers);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        return services;
    }
}
