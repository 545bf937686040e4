using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Core.DomainConfig;

/// <summary>
/// Names the cluster's domain configuration document. The original kept it in ZooKeeper at
/// <c>ZOOKEEPER_ASSIGN_PATH + ZOOKEEPER_ID</c>; CrawlCluster keeps it in the store under the same name (DESIGN.md §6.5).
/// </summary>
internal sealed class DomainConfigOptions
{
    /// <summary>The folder part of the document's name.</summary>
    /// <value>The default is <c>/scrapy-cluster/crawler/</c>.</value>
    [ConfigurationKeyName("ZOOKEEPER_ASSIGN_PATH")]
    public string AssignPath { get; set; } = "/scrapy-cluster/crawler/";

    /// <summary>The file part of the document's name: which crawlers read it.</summary>
    /// <value>The default is <c>all</c>.</value>
    [ConfigurationKeyName("ZOOKEEPER_ID")]
    public string Id { get; set; } = "all";

    /// <summary>Accepted so that the original's settings files load; CrawlCluster needs no ZooKeeper and ignores it.</summary>
    [ConfigurationKeyName("ZOOKEEPER_HOSTS")]
    public string? Hosts { get; set; } = "localhost:2181";

    /// <summary>The document's full name, <c>/scrapy-cluster/crawler/all</c> by default.</summary>
    public string DocumentName => AssignPath + Id;
}
