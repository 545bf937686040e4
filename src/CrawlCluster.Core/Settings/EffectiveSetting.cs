namespace CrawlCluster.Core.Settings;

/// <summary>A setting's value as a component will use it, and where that value came from.</summary>
/// <param name="Key">The UPPER_SNAKE key.</param>
/// <param name="DisplayValue">The value as text, masked for secrets.</param>
/// <param name="Layer">The layer that supplied the value.</param>
/// <param name="Source">A human description of that layer (<c>default</c>, the file name, <c>environment</c>, <c>--set</c>).</param>
internal sealed record EffectiveSetting(string Key, string DisplayValue, SettingsLayer Layer, string Source);
