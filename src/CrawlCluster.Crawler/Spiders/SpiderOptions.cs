using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Crawler.Spiders;

/// <summary>Where a crawler finds spiders besides the built-in ones.</summary>
internal sealed class SpiderOptions
{
    /// <summary>The folder searched for spider assemblies (docs/extending.md).</summary>
    /// <value>The default is <c>spiders/</c>.</value>
    [ConfigurationKeyName("SPIDER_DIR")]
    public string Directory { get; set; } = "spiders/";
}
