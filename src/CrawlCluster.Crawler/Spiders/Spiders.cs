using CrawlCluster.Core.Hosting;

namespace CrawlCluster.Crawler.Spiders;

/// <summary>The spiders a crawler process can run, by name: the built-in ones and those in SPIDER_DIR.</summary>
internal static class Spiders
{
    /// <summary>The built-in spiders.</summary>
    public static IReadOnlyList<ISpider> BuiltIn { get; } = [new LinkSpider(), new WanderingSpider()];

    /// <summary>The built-in spiders and those in <paramref name="directory"/> (a built-in name wins).</summary>
    /// <exception cref="InvalidOperationException">A spider assembly cannot be loaded; the message says which.</exception>
    public static IReadOnlyList<ISpider> Available(string? directory) =>
        directory is null ? BuiltIn : [.. BuiltIn, .. PluginAssemblies<ISpider>.Load(directory, "SPIDER_DIR").Select(p => p.Plugin)];
}
