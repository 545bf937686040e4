namespace CrawlCluster.RedisMonitor.Plugins;

/// <summary>
/// A Redis Monitor plugin (the original's KafkaBaseMonitor subclasses): the jobs it handles, by key glob, an optional
/// precondition, and the handler. The monitor takes jobs in plugin rank order (PLUGINS), locks each so that one monitor
/// handles it, and deletes it once handled; a job that throws is retried up to RETRY_FAILURES_MAX times, then
/// answered with an error. Custom plugins live in assemblies in PLUGIN_DIR, are public, have a public parameterless
/// constructor and are ranked in PLUGINS (docs/redis-monitor.md).
/// </summary>
public interface IRedisMonitorPlugin
{
    /// <summary>The name in PLUGINS and in stats keys, e.g. <c>InfoMonitor</c>.</summary>
    string Name { get; }

    /// <summary>The glob of its job keys, e.g. <c>info:*:*</c>.</summary>
    string Pattern { get; }

    /// <summary>Called once before the first job with the monitor's answer publisher, clock, logger and services.</summary>
    ValueTask SetupAsync(RedisMonitorPluginContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Whether the job may be handled now (an expiry time not reached yet stays); true by default.</summary>
    bool IsReady(MonitorJob job, DateTimeOffset now) => true;

    /// <summary>
    /// Handles a job: does its work and publishes its answer. A store outage makes the monitor try the job again later,
    /// so a handler must be safe to run twice on one job.
    /// </summary>
    Task HandleAsync(MonitorJob job, CancellationToken cancellationToken);

    /// <summary>The answer for a job given up after its retries, or null for none (the original answered nothing).</summary>
    System.Text.Json.Nodes.JsonObject? ErrorAnswer(MonitorJob job, string reason) => null;
}
