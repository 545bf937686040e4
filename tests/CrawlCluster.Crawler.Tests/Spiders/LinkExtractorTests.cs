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
    public void AdversarialPage_DeepNesting_IsParsedWithoutFailing()
    {
        // 100,000 unclosed elements deep (building its DOM took AngleSharp minutes), links and a base at the bottom.
        var deep = string.Concat(Enumerable.Repeat("<div><span>", 50_000))
            + "<base href=\"/base/\"><script>var s = '<a href=\"/in-script\">';</script><!-- <a href=\"/in-comment\"> -->"
            + "<a href='deep?a=1&amp;b=2'>deep <b>text</b></a><area href=/area><a class=x href = \"../up\" >up</a>";

        var links = LinkExtractor.Extract(deep, Page, new LinkFilter());

        Assert.True(LinkExtractor.ScansFlat(deep));
        Assert.False(LinkExtractor.ScansFlat(string.Concat(Enumerable.Repeat("<div>", 500)) + "<a href=/x>x</a>"));
        Assert.Equal(["http://www.example.com/base/deep?a=1&b=2", "http://www.example.com/area", "http://www.example.com/up"], links.Select(l => l.Url));
        Assert.Equal("deep text", links[0].Text);
    }

    [Fact]
    public void FlatScan_OfAnOrdinaryPage_FindsTheLinksTheDomFinds()
    {
        const string html = """
            <html><head><base href="http://www.example.com/b/"><title>t <a href="/not-a-link"></title></head><body>
            <p>one <a href="x.html">X</a><p>two <a HREF='/y?q=1&amp;r=2'>Y</a>
            <map><area href="z"></map><a>no href</a><a name=n>anchor</a><link href="/style.css">
            <textarea><a href="/in-textarea"></textarea><a href="x.html">X again</a>
            </body></html>
            """;

        var (baseHref, flat) = FlatLinkScanner.Scan(html);

        Assert.Equal("http://www.example.com/b/", baseHref);
        Assert.Equal(LinkExtractor.Extract(html, Page, new LinkFilter()).Select(l => l.Url), Collapse(flat.Select(l => new Uri(new Uri(baseHref!), l.Href).AbsoluteUri)));
        Assert.False(FlatLinkScanner.TooDeep(html, 512));
        Assert.True(FlatLinkScanner.TooDeep(string.Concat(Enumerable.Repeat("<div>", 513)), 512));
        Assert.False(FlatLinkScanner.TooDeep(string.Concat(Enumerable.Repeat("<p>x<li>y<br>", 10_000)), 512));

        static IEnumerable<string> Collapse(IEnumerable<string> urls) => urls.Distinct();
    }

    [Fact]
    public void AdversarialPage_HugeAttributes_IsParsedWithoutFailing()
    {
        // A 4 MB attribute and a 4 MB href.
        var huge = $"<p title=\"{new string('t', 4_000_000)}\"></p><a href=\"/h?q={new string('q', 4_000_000)}\">huge</a><a href=\"/after\">after</a>";
        var hugeLinks = LinkExtractor.Extract(huge, Page, new LinkFilter());
        Assert.Equal(2, hugeLinks.Count);
        Assert.Equal("http://www.example.com/after", hugeLinks[1].Url);
    }

    [Fact]
    public void AdversarialPage_ManyLinks_AreAllFound()
    {
        // 200,000 distinct links (a 5 MB page): all found, each once.
        var many = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"<a href=/l{i}>{i}</a>"));
        var manyLinks = LinkExtractor.Extract(many, Page, new LinkFilter());
        Assert.Equal(200_000, manyLinks.Count);
        Assert.Equal("http://www.example.com/l199999", manyLinks[^1].Url);
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
