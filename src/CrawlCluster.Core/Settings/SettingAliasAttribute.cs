namespace CrawlCluster.Core.Settings;

/// <summary>
/// Another key accepted for the same setting, such as the original's misspelled <c>SCHEUDLER_ITEM_RETRIES</c>.
/// The main key wins when both are given in the same layer.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true)]
internal sealed class SettingAliasAttribute(string key) : Attribute
{
    /// <summary>The alternative key.</summary>
    public string Key { get; } = key;
}
