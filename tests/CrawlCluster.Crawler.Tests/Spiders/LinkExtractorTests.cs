using CrawlCluster.Crawler.Spiders;

namespace CrawlCluster.Crawler.Tests.Spiders;

[Trait("Kind", "Unit")]
public sealed class LinkExtractorTests
{
    private static readonly Uri Page = new("http://www.example.com/dir/page.html");

    [Fact]
    public void Links_FromAAndArea_Resolved_Canonicalized_DedupedInDocumentOrder_WithTheirText()
    {
        const string html = """
            <html><body>
            <a href=" other.html ">Other <b>page</b></a>
            <map><area href="/map?b=2&a=1#frag"></map>
            <a href="other.html#section">Same page again</a>
            <a href="mailto:someone@example.com">mail</a>
            <a href="javascript:alert(1)">js</a>
            <a>no href</a>
            <link href="/style-not-a-link.html">
            </body></html>
            """;

        var links = LinkExtractor.Extract(html, Page, new LinkFilter());

        Assert.Equal(["http://www.example.com/dir/other.html", "http://www.example.com/map?a=1&b=2"], links.Select(l => l.Url));
        Assert.Equal("Other page", links[0].Text);
    }

    [Fact]
    public void BaseHref_IsTheBaseForRelativeLinks()
    {
        var links = LinkExtractor.Extract("""<head><base href="http://cdn.example.org/root/"></head><a href="x.html">x</a>""", Page, new LinkFilter());

        Assert.Equal("http://cdn.example.org/root/x.html", Assert.Single(links).Url);
    }

    [Fact]
    public void BrokenHtml_StillYieldsTheLinksABrowserWouldSee()
    {
        const string html = "<html><body><div><a href='/one'>one<a href=\"/two\">two</p></td><a href=/three>three<<<>>\u0000\uFFFD<a href='/four";

        var links = LinkExtractor.Extract(html, Page, new LinkFilter());

        Assert.Equal(["http://www.example.com/one", "http://www.example.com/two", "http://www.example.com/three"], links.Select(l => l.Url));
    }

    [Fact]
    public void AllowedDomains_TakeSubdomains_AndNothingElse()
    {
        const string html = """<a href="http://example.com/">a</a><a href="http://news.example.com/">b</a><a href="http://notexample.com/">c</a><a href="http://other.org/">d</a>""";

        var links = LinkExtractor.Extract(html, Page, new LinkFilter(allowedDomains: ["Example.com"]));

        Assert.Equal(["http://example.com/", "http://news.example.com/"], links.Select(l => l.Url));
    }

    [Fact]
    public void DenyRegex_TakesPrecedenceOverAllow()
    {
        const string html = """<a href="/news/1">1</a><a href="/news/private/2">2</a><a href="/blog/3">3</a>""";

        var links = LinkExtractor.Extract(html, Page, new LinkFilter(allowRegex: ["/news/"], denyRegex: ["private"]));

        Assert.Equal(["http://www.example.com/news/1"], links.Select(l => l.Url));
    }

    [Fact]
    public void DenyExtensions_DefaultToScrapysList_CaseInsensitive_AndCanBeReplaced()
    {
        const string html = """<a href="/a.JPG">1</a><a href="/b.pdf">2</a><a href="/c.html">3</a><a href="/d.webm">4</a>""";

        var byDefault = LinkExtractor.Extract(html, Page, new LinkFilter());
        var custom = LinkExtractor.Extract(html, Page, new LinkFilter(denyExtensions: ["html"]));

        Assert.Equal(["http://www.example.com/c.html", "http://www.example.com/d.webm"], byDefault.Select(l => l.Url));
        Assert.Equal(["http://www.example.com/a.JPG", "http://www.example.com/b.pdf", "http://www.example.com/d.webm"], custom.Select(l => l.Url));
    }

    [Fact]
    public void HostileRegex_RunsInLinearTime_AndPythonNamedGroupsWork()
    {
        var html = $"<a href=\"/{new string('a', 50_000)}!\">x</a><a href=\"/ok-7\">y</a>";

        var links = LinkExtractor.Extract(html, Page, new LinkFilter(denyRegex: ["(a+)+$", "(a|aa)+b"], allowRegex: ["(?P<name>ok|a)-?\\d*"]));

        Assert.Equal(2, links.Count);
    }

    [Fact]
    public void InvalidRegex_IsAClearError_NamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new LinkFilter(allowRegex: ["(unclosed"]));

        Assert.StartsWith("allow_regex '(unclosed' cannot be used:", error.Message, StringComparison.Ordinal);
    }
}
