using System.Security.Cryptography;
using System.Text;

namespace CrawlCluster.Core.Dedup;

/// <summary>
/// Scrapy 1.5's <c>request_fingerprint</c> (CONTRACT.md Part B §2.3): SHA-1, as lowercase hex, over the method, the
/// canonical URL and the body. Headers are not included. Crawlers of both kinds that share a dupefilter agree on it.
/// </summary>
internal static class RequestFingerprint
{
    /// <summary>The fingerprint of a request.</summary>
    public static string Of(string method, string url, ReadOnlySpan<byte> body = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(Encoding.UTF8.GetBytes(method.ToUpperInvariant()));
        sha1.AppendData(Encoding.UTF8.GetBytes(UrlCanonicalizer.Canonicalize(url)));
        sha1.AppendData(body);
        return Convert.ToHexStringLower(sha1.GetHashAndReset());
    }
}
