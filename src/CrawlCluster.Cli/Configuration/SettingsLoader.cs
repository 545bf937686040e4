using System.CommandLine;
using CrawlCluster.Core.Settings;

namespace CrawlCluster.Cli.Configuration;

/// <summary>Reads the settings layers a command was invoked with.</summary>
/// <param name="options">The global options.</param>
/// <param name="environment">Environment variables; null reads the process environment (tests pass their own).</param>
internal sealed class SettingsLoader(GlobalOptions options, IReadOnlyDictionary<string, string?>? environment = null)
{
    /// <summary>Loads the layers, checking every key named in the file or on the command line.</summary>
    /// <exception cref="SettingsException">The file or a key is bad.</exception>
    public LayeredSettings Load(ParseResult parseResult)
    {
        var overrides = new List<string>(parseResult.GetValue(options.Set) ?? []);
        if (parseResult.GetValue(options.LogLevel) is { } level)
        {
            // --log-level is the last word: it wins over a --set of the same key.
            overrides.Add($"LOG_LEVEL={level}");
            overrides.Add($"SC_LOG_LEVEL={level}");
        }

        return LayeredSettings.Load(
            new SettingsSources
            {
                SettingsFile = parseResult.GetValue(options.SettingsFile),
                Environment = environment,
                Overrides = overrides,
            },
            SettingsCatalog.AllKeys);
    }
}
