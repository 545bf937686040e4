using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Core.Settings;

/// <summary>
/// One options class as one component uses it: the type, that component's defaults and an optional key prefix.
/// </summary>
/// <remarks>
/// The same options class can appear in several components with different defaults, as in the original where each
/// process had its own <c>settings.py</c> (for example <c>SLEEP_TIME</c> is 0.01 s in the Kafka Monitor and 5 s in
/// the Rest service). A prefix lets one class serve two key families: the crawler's logging keys are the Kafka
/// Monitor's with <c>SC_</c> in front (<c>SC_LOG_LEVEL</c>).
/// </remarks>
internal sealed class SettingsSection
{
    private readonly Func<object> _createDefaults;

    private SettingsSection(Type optionsType, Func<object> createDefaults, string keyPrefix)
    {
        OptionsType = optionsType;
        _createDefaults = createDefaults;
        KeyPrefix = keyPrefix;
        Settings = Describe(optionsType, keyPrefix);
    }

    /// <summary>The options class.</summary>
    public Type OptionsType { get; }

    /// <summary>Prepended to every key of the class.</summary>
    public string KeyPrefix { get; }

    /// <summary>The keys of this section in declaration order.</summary>
    public IReadOnlyList<SettingDescriptor> Settings { get; }

    /// <summary>A new instance holding this component's defaults.</summary>
    public object CreateDefaults() => _createDefaults();

    /// <summary>Creates a section for <typeparamref name="T"/>.</summary>
    /// <param name="defaults">Makes a fresh instance holding this component's defaults.</param>
    /// <param name="keyPrefix">Prepended to every key.</param>
    public static SettingsSection For<T>(Func<T> defaults, string keyPrefix = "")
        where T : class
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return new SettingsSection(typeof(T), defaults, keyPrefix);
    }

    private static SettingDescriptor[] Describe(Type type, string prefix) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>() is not null)
            .OrderBy(p => p.MetadataToken)
            .Select(p => new SettingDescriptor(
                prefix + p.GetCustomAttribute<ConfigurationKeyNameAttribute>()!.Name,
                [.. p.GetCustomAttributes<SettingAliasAttribute>().Select(a => prefix + a.Key)],
                p,
                p.GetCustomAttribute<SecretAttribute>() is not null))];
}
