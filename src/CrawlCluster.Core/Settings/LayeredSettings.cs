using System.Collections;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace CrawlCluster.Core.Settings;

/// <summary>
/// The settings layers of one process — file, environment, command line — over the components' built-in defaults
/// (DESIGN.md §4), with the layer of every value known so that errors and <c>crawlcluster settings</c> can name it.
/// </summary>
/// <remarks>
/// Built on Microsoft.Extensions.Configuration. Binding is our own (<see cref="SettingsBinder"/>) because the stock
/// binder's errors name neither the key the user typed nor the layer, and because the original's list settings are
/// also written as comma-separated text in environment variables.
/// </remarks>
internal sealed class LayeredSettings
{
    /// <summary>The prefix of the user's own settings (<c>X_MY_SETTING</c>), passed to custom components unchecked.</summary>
    public const string UserPrefix = "X_";

    private readonly IConfigurationProvider?[] _providers;
    private readonly string _fileName;

    private LayeredSettings(IConfigurationRoot root, IConfigurationProvider? file, IConfigurationProvider environment,
        IConfigurationProvider commandLine, string fileName)
    {
        Configuration = root;
        _providers = [null, file, environment, commandLine];
        _fileName = fileName;
    }

    /// <summary>All layers merged, highest precedence last, for components that read configuration directly.</summary>
    public IConfigurationRoot Configuration { get; }

    /// <summary>
    /// Reads the layers, rejecting a malformed file and any key not in <paramref name="knownKeys"/> that the file or
    /// the command line names. Unknown environment variables are ignored: the environment holds much else.
    /// </summary>
    /// <exception cref="SettingsException">The file is missing or malformed, or a key is unknown.</exception>
    public static LayeredSettings Load(SettingsSources sources, IEnumerable<string> knownKeys)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var known = new HashSet<string>(knownKeys, StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();

        var builder = new ConfigurationBuilder();
        var filePath = sources.SettingsFile ?? Path.Combine(sources.WorkingDirectory, SettingsSources.DefaultFileName);
        var fileName = sources.SettingsFile ?? SettingsSources.DefaultFileName;
        JsonConfigurationSource? fileSource = null;
        if (sources.SettingsFile is not null && !File.Exists(filePath))
        {
            throw new SettingsException($"settings file '{fileName}' does not exist");
        }

        if (File.Exists(filePath))
        {
            CheckFile(filePath, fileName, known, errors);
            fileSource = new JsonConfigurationSource { Path = Path.GetFullPath(filePath), Optional = false, ReloadOnChange = false };
            fileSource.ResolveFileProvider();
            builder.Add(fileSource);
        }

        var environment = new MemoryConfigurationSource { InitialData = ReadEnvironment(sources.Environment, known) };
        builder.Add(environment);

        var overrides = ParseOverrides(sources.Overrides, known, errors);
        builder.Add(new MemoryConfigurationSource { InitialData = overrides });

        if (errors.Count > 0)
        {
            throw new SettingsException(errors);
        }

        var root = builder.Build();
        var providers = root.Providers.ToArray();
        var offset = fileSource is null ? 0 : 1;
        return new LayeredSettings(root, fileSource is null ? null : providers[0], providers[offset], providers[offset + 1], fileName);
    }

    /// <summary>A human description of a layer for messages and listings.</summary>
    public string Describe(SettingsLayer layer) => layer switch
    {
        SettingsLayer.Default => "default",
        SettingsLayer.File => _fileName,
        SettingsLayer.Environment => "environment",
        SettingsLayer.CommandLine => "--set",
        _ => layer.ToString(),
    };

    /// <summary>
    /// Finds the highest layer that sets any of <paramref name="keys"/>: either a scalar value, or children
    /// (a JSON array or object in the settings file).
    /// </summary>
    internal (SettingsLayer Layer, string Key, string? Scalar, IConfigurationSection? Section)? Find(IEnumerable<string> keys)
    {
        var keyList = keys as IReadOnlyList<string> ?? [.. keys];
        for (var layer = SettingsLayer.CommandLine; layer > SettingsLayer.Default; layer--)
        {
            var provider = _providers[(int)layer];
            if (provider is null)
            {
                continue;
            }

            foreach (var key in keyList)
            {
                if (provider.TryGet(key, out var scalar))
                {
                    return (layer, key, scalar, null);
                }

                if (provider.GetChildKeys([], key).Any())
                {
                    // Only the file layer can hold children (JSON arrays and objects), so the merged section is the file's.
                    return (layer, key, null, Configuration.GetSection(key));
                }
            }
        }

        return null;
    }

    private static void CheckFile(string path, string name, HashSet<string> known, List<string> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            errors.Add($"settings file '{name}' is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})");
            return;
        }
        catch (IOException ex)
        {
            errors.Add($"settings file '{name}' cannot be read: {ex.Message}");
            return;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"settings file '{name}' must hold a JSON object of KEY: value pairs");
                return;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!IsAccepted(property.Name, known))
                {
                    errors.Add($"unknown setting '{property.Name}' in {name}{Suggest(property.Name, known)}");
                }
            }
        }
    }

    private static Dictionary<string, string?> ReadEnvironment(IReadOnlyDictionary<string, string?>? given, HashSet<string> known)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (given is not null)
        {
            foreach (var (key, value) in given)
            {
                if (IsAccepted(key, known))
                {
                    result[key] = value;
                }
            }

            return result;
        }

        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && IsAccepted(key, known))
            {
                result[key] = entry.Value as string;
            }
        }

        return result;
    }

    private static Dictionary<string, string?> ParseOverrides(IReadOnlyList<string> overrides, HashSet<string> known, List<string> errors)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in overrides)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add($"--set expects KEY=VALUE, got '{item}'");
                continue;
            }

            var key = item[..equals].Trim();
            if (!IsAccepted(key, known))
            {
                errors.Add($"unknown setting '{key}' in --set{Suggest(key, known)}");
                continue;
            }

            result[key] = item[(equals + 1)..];
        }

        return result;
    }

    /// <summary>
    /// Whether a key may be set: one of ours, or one of the user's own — <see cref="UserPrefix"/> and a name — which
    /// custom plugins, spiders and middlewares read, and which no typo of ours can become.
    /// </summary>
    private static bool IsAccepted(string key, HashSet<string> known) =>
        known.Contains(key)
        // One entry of a map setting: PLUGINS:MyStringHandler=500.
        || (key.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && colon < key.Length - 1 && known.Contains(key[..colon]))
        || (key.Length > UserPrefix.Length && key.StartsWith(UserPrefix, StringComparison.OrdinalIgnoreCase));

    private static string Suggest(string key, HashSet<string> known)
    {
        var best = known
            .Select(k => (Key: k, Distance: EditDistance(key.ToUpperInvariant(), k.ToUpperInvariant())))
            .OrderBy(x => x.Distance)
            .FirstOrDefault();
        return best.Key is not null && best.Distance <= Math.Max(2, key.Length / 4) ? $" (did you mean {best.Key}?)" : "";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
