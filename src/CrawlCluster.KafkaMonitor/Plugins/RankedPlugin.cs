using CrawlCluster.KafkaMonitor.Validation;

namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>A loaded plugin with its rank and parsed schema.</summary>
/// <param name="Plugin">The plugin.</param>
/// <param name="Rank">Lower ranks are tried first.</param>
/// <param name="Schema">Its schema.</param>
/// <param name="Source">Where it came from: <c>built-in</c> or the assembly's path.</param>
internal sealed record RankedPlugin(IKafkaMonitorPlugin Plugin, int Rank, RequestSchema Schema, string Source);
