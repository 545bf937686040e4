using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>What a plugin is set up with (the original passed its settings dictionary and logger).</summary>
/// <param name="Settings">Every setting, by the original's names (<c>Settings["REDIS_HOST"]</c>).</param>
/// <param name="Frontier">Where crawl requests are queued.</param>
/// <param name="Jobs">Where jobs for the Redis Monitor are left.</param>
/// <param name="Time">The clock.</param>
/// <param name="Logger">The Kafka Monitor's logger.</param>
/// <param name="Services">The process's services, for a plugin that needs another store port.</param>
public sealed record PluginContext(IConfiguration Settings, IFrontierQueue Frontier, IJobBoard Jobs, TimeProvider Time, ILogger Logger,
    IServiceProvider Services);
