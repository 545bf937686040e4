using CrawlCluster.Core.Ingest;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.KafkaMonitor.Plugins;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace CrawlCluster.KafkaMonitor.Validation;

/// <summary>
/// The Kafka Monitor's verdict on a request before it is sent: the plugin whose schema accepts it, or the errors of
/// the closest schema (the fewest errors; the lower rank on a tie), in the user's words — so <c>feed</c> and
/// <c>crawl</c> refuse what the monitor would refuse, with the same reasons, before anything is produced.
/// </summary>
internal sealed class RequestValidator : IRequestChecker
{
    private readonly IReadOnlyList<RankedPlugin> _plugins;

    private RequestValidator(IReadOnlyList<RankedPlugin> plugins) => _plugins = plugins;

    /// <summary>Loads the plugins PLUGINS enables (built in and from PLUGIN_DIR) and their schemas.</summary>
    /// <exception cref="PluginLoadException">A plugin or its schema cannot be loaded.</exception>
    public static async Task<RequestValidator> LoadAsync(KafkaMonitorOptions options, ILogger logger) =>
        new(await PluginLoader.LoadAsync(options.Plugins, options.PluginDirectory, logger).ConfigureAwait(false));

    /// <inheritdoc/>
    public RequestVerdict Check(string json)
    {
        var (plugin, errors) = Validate(json);
        return new RequestVerdict(plugin, errors);
    }

    /// <summary>The plugin that would handle <paramref name="json"/>, or why none would.</summary>
    public (string? Plugin, IReadOnlyList<string> Errors) Validate(string json)
    {
        Newtonsoft.Json.Linq.JToken token;
        try
        {
            token = RequestSchema.ParseForValidation(json);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return (null, [$"not JSON: {ex.Message}"]);
        }

        IReadOnlyList<string> closest = ["no plugin is enabled"];
        var fewest = int.MaxValue;
        foreach (var ranked in _plugins)
        {
            var errors = ranked.Schema.Validate(token);
            if (errors.Count == 0)
            {
                return (ranked.Plugin.Name, []);
            }

            if (errors.Count < fewest)
            {
                fewest = errors.Count;
                closest = errors;
            }
        }

        return (null, closest);
    }
}
