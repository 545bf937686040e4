namespace CrawlCluster.Crawler.Spiders;

/// <summary>The spiders a crawler process can run, by name.</summary>
public static class Spiders
{
    /// <summary>The built-in spiders.</summary>
    public static IReadOnlyList<ISpider> BuiltIn { get; } = [new LinkSpider(), new WanderingSpider()];

    /// <summary>The spider named <paramref name="name"/>, or null.</summary>
    public static ISpider? Find(string name) => BuiltIn.FirstOrDefault(s => s.Name.Equals(name, StringComparison.Ordinal));
}
