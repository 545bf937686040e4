using Microsoft.Extensions.Logging;

namespace CrawlCluster.RedisMonitor.Plugins;

/// <summary>What a custom Redis Monitor plugin is set up with.</summary>
/// <param name="Answers">Publishes answers on the outbound topics, as the built-in plugins do.</param>
/// <param name="Time">The clock.</param>
/// <param name="Logger">The Redis Monitor's logger.</param>
/// <param name="Services">The process's services: the store ports (<c>ICrawlLedger</c>, <c>IJobBoard</c>, <c>IStatsStore</c>, <c>IDomainConfigStore</c>, …).</param>
public sealed record RedisMonitorPluginContext(MonitorAnswers Answers, TimeProvider Time, ILogger Logger, IServiceProvider Services);
