using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Crawler.Spiders;

/// <summary>Where a crawler finds spiders besides the built-in ones.</summary>
public sealed class SpiderOptions
{
    /// <summary>The folder searched for spider assemblies (docs/spiders.md).</summary>
    /// <value>The default is <c>spiders/</c>.</value>
    [ConfigurationKeyName("SPIDER_DIR")]
    public string Directory { get; set; } = "spiders/";
}
