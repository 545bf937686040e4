using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Core.Domains;

/// <summary>Where the Public Suffix List comes from.</summary>
internal sealed class DomainOptions
{
    /// <summary>A newer <c>public_suffix_list.dat</c> to use instead of the embedded snapshot; null uses the snapshot.</summary>
    /// <value>The default is null.</value>
    [ConfigurationKeyName("PUBLIC_SUFFIX_LIST")]
    public string? PublicSuffixListFile { get; set; }
}
