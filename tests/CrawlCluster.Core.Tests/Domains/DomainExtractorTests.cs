using CrawlCluster.Core.Domains;

namespace CrawlCluster.Core.Tests.Domains;

[Trait("Kind", "Unit")]
public sealed class DomainExtractorTests
{
    [Theory]
    [InlineData("http://forums.bbc.co.uk/x", "bbc.co.uk")]
    [InlineData("http://dmoztools.net", "dmoztools.net")]
    [InlineData("dmoztools.net/path", "dmoztools.net")]
    [InlineData("//cdn.example.org/lib.js", "example.org")]
    [InlineData("https://user:secret@www.example.com:8443/a?b=1#c", "example.com")]
    [InlineData("http://www.example.com?q=a/b", "example.com")]
    [InlineData("http://Example.COM/Path", "Example.COM")]
    [InlineData("http://WWW.Shop.Co.UK/", "Shop.Co.UK")]
    [InlineData("http://example.com./", "example.com")]
    [InlineData("  http://example.com  ", "http.")] // tldextract strips the scheme before trimming
    [InlineData("http://1.2.3.4:8080/x", "1.2.3.4.")]
    [InlineData("http://127.0.0.2/", "127.0.0.2.")]
    [InlineData("http://127.1/", "127.1.")]
    [InlineData("http://localhost:5000/", "localhost.")]
    [InlineData("http://a.test/", "test.")]
    [InlineData("http://co.uk/", ".co.uk")]
    [InlineData("http://foo.bar.kawasaki.jp/", "foo.bar.kawasaki.jp")]
    [InlineData("http://www.city.kawasaki.jp/", "city.kawasaki.jp")]
    [InlineData("http://a.b.ck/", "a.b.ck")]
    [InlineData("http://www.ck/", "www.ck")]
    [InlineData("http://myblog.blogspot.com/", "blogspot.com")]
    [InlineData("http://www.食狮.中国/", "食狮.中国")]
    [InlineData("http://www.xn--85x722f.xn--fiqs8s/", "xn--85x722f.xn--fiqs8s")]
    [InlineData("http://WWW.XN--85X722F.XN--FIQS8S/", "XN--85X722F.XN--FIQS8S")]
    [InlineData("http://a.xn--zzzz-invalid-puny/", "xn--zzzz-invalid-puny.")]
    [InlineData("", ".")]
    [InlineData("http://", ".")]
    [InlineData("http://[::1]:80/", "[.")]
    public void KeyOf_Url_MatchesTldextract(string url, string expected) =>
        Assert.Equal(expected, DomainExtractor.Default.KeyOf(url));

    [Fact]
    public void Extract_SubdomainDomainSuffix_AreSplitWithCaseKept()
    {
        var parts = DomainExtractor.Default.Extract("http://Forums.News.BBC.co.uk/");

        Assert.Equal(new DomainParts("Forums.News", "BBC", "co.uk"), parts);
    }

    [Fact]
    public void Extract_IPv4Host_IsDomainWithEmptySuffix()
    {
        Assert.Equal(new DomainParts("", "10.0.0.1", ""), DomainExtractor.Default.Extract("http://10.0.0.1/"));
    }

    [Theory]
    [InlineData("1.2.3.4", true)]
    [InlineData("0x7f.1", true)]
    [InlineData("017.0.0.1", true)]
    [InlineData("4294967295", true)]
    [InlineData("4294967296", false)]
    [InlineData("1.2.3.256", false)]
    [InlineData("1.2.3.4.5", false)]
    [InlineData("1.2.3.4a", false)]
    [InlineData("08.1.1.1", false)]
    [InlineData("a.1.1.1", false)]
    public void LooksLikeIPv4_InetAtonRules(string host, bool expected) =>
        Assert.Equal(expected, DomainExtractor.LooksLikeIPv4(host));

    [Fact]
    public void Parse_CustomList_OnlyIcannSectionIsUsed()
    {
        var text = """
            // ===BEGIN ICANN DOMAINS===
            example
            *.wild.example
            // ===END ICANN DOMAINS===
            // ===BEGIN PRIVATE DOMAINS===
            private.example
            """;
        var extractor = new DomainExtractor(PublicSuffixList.Parse(new StringReader(text)));

        Assert.Equal("foo.example", extractor.KeyOf("http://a.foo.example/"));
        Assert.Equal("private.example", extractor.KeyOf("http://x.private.example/"));
        Assert.Equal("x.y.wild.example", extractor.KeyOf("http://x.y.wild.example/"));
    }

    [Fact]
    public void FromOptions_File_IsUsed_MissingFileIsASettingsError()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "example\n");
        try
        {
            var extractor = DomainExtractor.FromOptions(new DomainOptions { PublicSuffixListFile = path });

            Assert.Equal("foo.example", extractor.KeyOf("http://a.foo.example/"));
            Assert.Equal("uk.", extractor.KeyOf("http://bbc.co.uk/"));
            Assert.Same(DomainExtractor.Default, DomainExtractor.FromOptions(new DomainOptions()));
            var error = Assert.Throws<CrawlCluster.Core.Settings.SettingsException>(
                () => DomainExtractor.FromOptions(new DomainOptions { PublicSuffixListFile = path + ".missing" }));
            Assert.StartsWith("PUBLIC_SUFFIX_LIST: cannot use", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_NoRules_Throws() =>
        Assert.Throws<InvalidDataException>(() => PublicSuffixList.Parse(new StringReader("// nothing\n")));

    [Fact]
    public void Embedded_HasIcannRulesOnly()
    {
        Assert.True(PublicSuffixList.Embedded.Count > 5000);
        Assert.Equal("blogspot.com", DomainExtractor.Default.KeyOf("http://a.blogspot.com"));
    }
}
