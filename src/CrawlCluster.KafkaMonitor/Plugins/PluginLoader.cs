using CrawlCluster.Core.Hosting;
using CrawlCluster.KafkaMonitor.Validation;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>
/// Finds the plugins named in <c>PLUGINS</c>: the four built-in ones and any public <see cref="IKafkaMonitorPlugin"/>
/// with a parameterless constructor in the assemblies of <c>PLUGIN_DIR</c> (<see cref="PluginAssemblies{T}"/>).
/// </summary>
internal static class PluginLoader
{
    /// <summary>The built-in plugins.</summary>
    public static IReadOnlyList<IKafkaMonitorPlugin> BuiltIn() => [new ScraperHandler(), new ActionHandler(), new StatsHandler(), new ZookeeperHandler()];

    /// <summary>Loads, ranks and parses the schemas of the plugins <paramref name="ranks"/> enables.</summary>
    /// <param name="ranks">Plugin name → rank; null disables one.</param>
    /// <param name="pluginDirectory">Searched for <c>*.dll</c> when it exists.</param>
    /// <param name="logger">Told of unranked and loaded plugins.</param>
    /// <exception cref="PluginLoadException">A ranked plugin was not found, or a plugin or its schema could not be loaded.</exception>
    public static async Task<IReadOnlyList<RankedPlugin>> LoadAsync(IReadOnlyDictionary<string, int?> ranks, string pluginDirectory, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        var found = BuiltIn().Select(p => (Plugin: p, Source: "built-in")).ToList();
        try
        {
            found.AddRange(PluginAssemblies<IKafkaMonitorPlugin>.Load(pluginDirectory, "PLUGIN_DIR"));
        }
        catch (InvalidOperationException ex)
        {
            throw new PluginLoadException(ex.Message, ex);
        }

        var loaded = new List<RankedPlugin>();
        foreach (var (plugin, source) in found)
        {
            if (!ranks.TryGetValue(plugin.Name, out var rank))
            {
                if (source != "built-in")
                {
                    Log.UnrankedPlugin(logger, plugin.Name, source);
                }

                continue;
            }

            if (rank is not { } value || loaded.Any(p => p.Plugin.Name == plugin.Name))
            {
                continue;
            }

            RequestSchema schema;
            try
            {
                schema = await RequestSchema.ParseAsync(plugin.Schema).ConfigureAwait(false);
            }
            catch (FormatException ex)
            {
                throw new PluginLoadException($"plugin {plugin.Name} ({source}): its schema is not valid: {ex.Message}", ex);
            }

            loaded.Add(new RankedPlugin(plugin, value, schema, source));
            Log.PluginLoaded(logger, plugin.Name, value, source);
        }

        var missing = ranks.Where(r => r.Value is not null && loaded.All(p => p.Plugin.Name != r.Key)).Select(r => r.Key).ToList();
        if (missing.Count > 0)
        {
            throw new PluginLoadException(
                $"PLUGINS names {string.Join(", ", missing)}, but no such plugin is built in or in PLUGIN_DIR ({Path.GetFullPath(pluginDirectory)})");
        }

        return [.. loaded.OrderBy(p => p.Rank)];
    }
}
