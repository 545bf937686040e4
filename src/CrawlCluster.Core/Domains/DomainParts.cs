namespace CrawlCluster.Core.Domains;

/// <summary>A host split the way tldextract 2.2 splits it (CONTRACT.md Part B §0); labels keep their case.</summary>
/// <param name="Subdomain">Labels left of the registered domain, e.g. <c>forums</c>.</param>
/// <param name="Domain">The label before the public suffix, e.g. <c>bbc</c>; an IPv4 host in whole.</param>
/// <param name="Suffix">The public suffix, e.g. <c>co.uk</c>; empty for IPs and hosts without a known suffix.</param>
internal readonly record struct DomainParts(string Subdomain, string Domain, string Suffix)
{
    /// <summary>
    /// The key part used in queue, page-limit and blacklist keys: <c>&lt;domain&gt;.&lt;suffix&gt;</c>, so
    /// <c>bbc.co.uk</c>, and with a trailing dot for IPs and suffix-less hosts (<c>1.2.3.4.</c>, <c>localhost.</c>).
    /// </summary>
    public string Key => $"{Domain}.{Suffix}";
}
