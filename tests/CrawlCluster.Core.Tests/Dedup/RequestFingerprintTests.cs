using CrawlCluster.Core.Dedup;

namespace CrawlCluster.Core.Tests.Dedup;

/// <summary>Expected values produced by w3lib's canonicalize_url and Scrapy's fingerprint recipe (hashlib.sha1) in Python.</summary>
[Trait("Kind", "Unit")]
public sealed class RequestFingerprintTests
{
    [Theory]
    [InlineData("http://www.example.com/do?a=1&b=2&c=3", "http://www.example.com/do?a=1&b=2&c=3")]
    [InlineData("http://www.example.com/do?c=1&b=2&a=3", "http://www.example.com/do?a=3&b=2&c=1")]
    [InlineData("http://www.example.com/do?&a=1", "http://www.example.com/do?a=1")]
    [InlineData("http://www.example.com/do?q=a space&a=1", "http://www.example.com/do?a=1&q=a+space")]
    [InlineData("http://www.example.com/do?q=a%20space&a=1", "http://www.example.com/do?a=1&q=a+space")]
    [InlineData("http://www.example.com/do?q=a+b&a=1", "http://www.example.com/do?a=1&q=a+b")]
    [InlineData("http://www.example.com/a%a3do", "http://www.example.com/a%A3do")]
    [InlineData("http://www.example.com", "http://www.example.com/")]
    [InlineData("http://www.example.com/do?a=1#frag", "http://www.example.com/do?a=1")]
    [InlineData("http://WWW.Example.COM/Path", "http://www.example.com/Path")]
    [InlineData("http://www.example.com:/", "http://www.example.com/")]
    [InlineData("http://www.example.com/do?a=&b=1", "http://www.example.com/do?a=&b=1")]
    [InlineData("http://www.example.com/résumé?q=é", "http://www.example.com/r%C3%A9sum%C3%A9?q=%C3%A9")]
    [InlineData("http://www.example.com/a%2Fb%3fc", "http://www.example.com/a%2Fb%3Fc")]
    [InlineData("http://www.example.com/a;param?x=1", "http://www.example.com/a;param?x=1")]
    [InlineData("http://www.example.com/do?b=2&a=2&a=1", "http://www.example.com/do?a=1&a=2&b=2")]
    [InlineData("http://www.example.com/~user/a!b*c'(d)", "http://www.example.com/~user/a!b*c'(d)")]
    [InlineData("http://user:Pass@Example.com:8080/x", "http://user:pass@example.com:8080/x")]
    [InlineData("http://www.example.com/do?k=a/b&z=%7E", "http://www.example.com/do?k=a%2Fb&z=~")]
    [InlineData("http://www.食狮.中国/path", "http://www.xn--85x722f.xn--fiqs8s/path")]
    [InlineData("http://www.example.com/path with space/", "http://www.example.com/path%20with%20space/")]
    [InlineData("https://www.example.com/?", "https://www.example.com/")]
    [InlineData("http://127.0.0.2:8080/page/17?b=1&a=2", "http://127.0.0.2:8080/page/17?a=2&b=1")]
    public void Canonicalize_MatchesW3lib(string url, string expected) => Assert.Equal(expected, UrlCanonicalizer.Canonicalize(url));

    [Theory]
    [InlineData("http://www.example.com/do?a=1&b=2&c=3", "8bcf8a357df09c627e44dd3b5bc502a608cf3dfd")]
    [InlineData("http://www.example.com/do?c=1&b=2&a=3", "9d6fbd91b985de5a6595d5642196d7869a2c01e1")]
    [InlineData("http://www.example.com/do?&a=1", "3b945ab3481ecea208b2a583c198cb2cc7926b29")]
    [InlineData("http://www.example.com/résumé?q=é", "a5e700bb67c934877af94c50ee74a78fa88da88f")]
    [InlineData("http://www.example.com/a%2Fb%3fc", "50d80aeffe933945f9ea1dc11445fd65f23e702b")]
    public void Fingerprint_MatchesScrapy(string url, string expected) => Assert.Equal(expected, RequestFingerprint.Of("GET", url));

    [Fact]
    public void Fingerprint_DependsOnMethodAndBody_NotOnQueryOrderOrFragment()
    {
        var plain = RequestFingerprint.Of("GET", "http://a.com/x?b=2&a=1");

        Assert.Equal(plain, RequestFingerprint.Of("get", "http://A.com/x?a=1&b=2#top"));
        Assert.NotEqual(plain, RequestFingerprint.Of("POST", "http://a.com/x?a=1&b=2"));
        Assert.NotEqual(plain, RequestFingerprint.Of("GET", "http://a.com/x?a=1&b=2", "body"u8));
        Assert.Matches("^[0-9a-f]{40}$", plain);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a url at all")]
    [InlineData("http://%%/??##")]
    [InlineData("http://[::1]:80/")]
    [InlineData("mailto:someone@example.com")]
    public void Canonicalize_AnyText_GivesAResult(string url) => Assert.NotNull(UrlCanonicalizer.Canonicalize(url));
}
