namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>
/// A Kafka Monitor plugin (the original's BaseHandler): a JSON schema, a set-up and a handler. The monitor tries the
/// plugins in ascending rank (the <c>PLUGINS</c> setting); the first whose schema validates a request handles it.
/// Custom plugins live in assemblies in <c>PLUGIN_DIR</c> and need a public parameterless constructor (docs/kafka-monitor.md).
/// </summary>
public interface IKafkaMonitorPlugin
{
    /// <summary>The name in <c>PLUGINS</c> and in stats keys, e.g. <c>ScraperHandler</c>.</summary>
    string Name { get; }

    /// <summary>The JSON schema (Draft 4) of the requests it handles; <c>default</c>s are applied before it handles one.</summary>
    string Schema { get; }

    /// <summary>Called once before the first request, with the monitor's settings, store, clock and logger.</summary>
    ValueTask SetupAsync(PluginContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Handles a valid request. Throw <see cref="RequestRejectedException"/> to refuse it with a reason (counted as a
    /// failure); a store outage (StackExchange.Redis connection or timeout errors) makes the monitor retry the same
    /// request later, so a handler must be safe to run twice on one request.
    /// </summary>
    ValueTask HandleAsync(IngestRequest request, CancellationToken cancellationToken);
}
