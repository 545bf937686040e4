using System.Reflection;

namespace CrawlCluster.Core.Settings;

/// <summary>One settable key: its name, the options property it binds to and the aliases it answers to.</summary>
/// <param name="Key">The UPPER_SNAKE key users type, including any section prefix (<c>SC_LOG_LEVEL</c>).</param>
/// <param name="Aliases">Other accepted keys, prefixed the same way.</param>
/// <param name="Property">The options property the value is bound to.</param>
/// <param name="IsSecret">Whether the value is masked when printed.</param>
internal sealed record SettingDescriptor(string Key, IReadOnlyList<string> Aliases, PropertyInfo Property, bool IsSecret)
{
    /// <summary>The main key followed by its aliases.</summary>
    public IEnumerable<string> AllKeys => Aliases.Prepend(Key);
}
