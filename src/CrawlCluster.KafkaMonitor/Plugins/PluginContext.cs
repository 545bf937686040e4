using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>What a plugin is set up with (the original passed its settings dictionary and logger).</summary>
/// <param name="Settings">Every setting, by the original's names (<c>Settings["REDIS_HOST"]</c>).</param>
/// <param name="Store">The process's store connection.</param>
/// <param name="Time">The clock.</param>
/// <param name="Logger">The Kafka Monitor's logger.</param>
public sealed record PluginContext(IConfiguration Settings, IConnectionMultiplexer Store, TimeProvider Time, ILogger Logger);
