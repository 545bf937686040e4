using System.Text;
using CrawlCluster.Crawler.Spiders;

namespace CrawlCluster.Crawler.Tests.Spiders;

/// <summary>
/// The fast scan is held to the DOM: on every page it accepts, the same links with the same text in the same order;
/// where only a tree builder can say where a link ends, it declines and the DOM decides.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class FastLinkScannerTests
{
    private static readonly Uri Page = new("http://www.example.com/dir/page.html");

    public static TheoryData<string> Accepted =>
    [
        """<html><head><base href="/b/"><title>t <a href="/not-a-link"></title></head><body><a href="x">X <b>bold</b> &amp; more</a></body></html>""",
        """<a href=" other.html ">Other <b>page</b></a><map><area href="/map?b=2&a=1#frag"></map><a href="other.html#s">again</a><a>no href</a>""",
        """<p>one <a href="x.html">X</a><p>two <a HREF='/y?q=1&amp;r=2'>Y</a><a name=n>anchor</a><link href="/style.css">""",
        """<script>var s = '<a href="/in-script">x</a>';</script><style>a[href="/in-style"] {}</style><a href="/after">after</a>""",
        """<textarea><a href="/in-textarea"></textarea><noscript><a href="/ns">noscript</a></noscript><iframe><a href="/in-iframe"></iframe><a href=/ok>ok</a>""",
        """<!-- <a href="/in-comment"> --><!--><a href=/c1>c1</a><!---><a href=/c2>c2</a><!-- x --!><a href='/q' class=x>quoted &lt;text&gt;</a><a href=/unquoted>u</a>""",
        """<div><a href="/a1">one<a href="/a2">two</a></div><a href="/a3"><div>block <span>in</span> link</div></a>""",
        "<a href=\"/crlf\">line one\r\nline two\rthree</a><a href=\"/e\">&eacute;&#233;&#xE9;&notin; &#x1F600;</a>",
        "<a href=/t><script>in script</script><title>in &amp; title</title> text</a><a href=/pre><pre>\npre</pre></a><a href=/ta><textarea>\nta</textarea></a>",
        """<ul><li><a href=/l1>1</a><li><a href=/l2>2</a></ul><dl><dt><a href=/d>d</a><dd>x</dl>""",
        """<a href="/dup">first</a><a href="/dup">second</a><a href="/x" href="/y">repeated attribute</a><a href>empty</a>""",
        """<a href="/first" href="/c?x=1&copy=2">a repeated href is not read</a><a href href=/ignored>empty first</a>""",
        """<a href="/open">never closed <i>italic""",
        """<a href=/r>text<br><img alt=img>after</a><a href="/tab	x">tab</a><div><a href='/one'>one<a href="/two">two</a></div><a href=/three>three<<<>>�<a href='/four""",
        """<h1><a href=/h>heading</a></h1><h2>x<a href=/h2>in</a></h2><plaintext><a href=/in-plaintext>""",
        """<!DOCTYPE html><?xml x><![CDATA[ <a href=/cdata> ]]><a href=/after-cdata>a</a></><a href=/e/>self/</a><a/href=/slash>s</a>""",
        """<a href="/q?a=1&b=2&page=3&amp;x=&#38;y">query</a><a href='&quot;quoted&quot;'>q</a><a href=/&>amp</a><a href="/&#;">x</a>""",
        """<form><a href=/f>in form</a><form><a href=/f2>nested</a></form></form><a href=/after-form>after</a>""",
        "<body><a href=/b1>b1</a></body></html>\n",
    ];

    public static TheoryData<string> Declined =>
    [
        """<p><a href="/p">one<p>two</a>""",
        """<p><a href="/p">one</p>two</a>""",
        """<b><a href="/b">one</b>two</a>""",
        """<div><a href="/div">one</div>two""",
        """<a href="/block">one<div>two</a>three""",
        """<table><a href="/t">foster</a><tr><td>x</td></tr></table>""",
        """<svg><a href="/svg">svg</a></svg>""",
        """<template><a href="/in-template">t</a></template><a href=/out>out</a>""",
        """<select><a href="/sel">s</a></select>""",
        """<li><a href=/li>one<li>two</a>""",
        """<a href="/c?x=1&copy=2">legacy entity without semicolon</a>""",
        """<a href="/n">nul\u0000</a>""".Replace("\\u0000", "\u0000", StringComparison.Ordinal),
        """<script><!-- <script> </script> <a href=/x> --></script>""",
        """<a href=/x>&#128; remapped</a>""",
        """<body><a href=/b1>b1</a></body></html><a href=/after-body>after body</a>""",
        """<a href=/x>one</p>two</a>""",
        """<form><p><form><a href=/x>one<div>two</a>""",
        "<html><body><div><a href='/one'>one<a href=\"/two\">two</p></td><a href=/three>three<<<>>\uFFFD<a href='/four",
        """<a href=/x><b>bold</a>after<a href=/y>y</a></b>""",
        """<a href=/r>text<br></br><img alt=img>after</a><a href="/tab	x">tab</a>""",
    ];

    [Theory]
    [MemberData(nameof(Accepted))]
    public void AcceptedPage_GivesTheDomsLinksAndTexts(string html)
    {
        Assert.NotNull(FastLinkScanner.Scan(html));

        var fast = LinkExtractor.Extract(html, Page, new LinkFilter());
        var dom = LinkExtractor.ExtractByDom(html, Page, new LinkFilter());

        Assert.NotEmpty(dom);
        Assert.Equal(dom.Select(l => (l.Url, l.Text)), fast.Select(l => (l.Url, l.Text)));
    }

    [Theory]
    [MemberData(nameof(Declined))]
    public void PageOnlyATreeBuilderReads_IsLeftToTheDom(string html)
    {
        Assert.Null(FastLinkScanner.Scan(html));
        Assert.Equal(LinkExtractor.ExtractByDom(html, Page, new LinkFilter()), LinkExtractor.Extract(html, Page, new LinkFilter()));
    }

    [Fact]
    public void DeepPage_IsLeftToTheFlatScan()
    {
        var deep = string.Concat(Enumerable.Repeat("<div><span>", 50_000)) + "<a href=/deep>deep</a>" + string.Concat(Enumerable.Repeat("</span></div>", 50_000));

        Assert.Null(FastLinkScanner.Scan(deep));
        Assert.Equal("http://www.example.com/deep", Assert.Single(LinkExtractor.Extract(deep, Page, new LinkFilter())).Url);
    }

    [Fact]
    public void HostileReferences_StayLinear()
    {
        // A million-letter reference name in an href and in link text: looked up by bounded prefixes only.
        var html = $"<a href=\"/x?&{new string('a', 1_000_000)}\">&{new string('b', 1_000_000)}</a>";

        var links = LinkExtractor.Extract(html, Page, new LinkFilter());

        Assert.NotNull(FastLinkScanner.Scan(html));
        Assert.Equal(1_000_001, Assert.Single(links).Text.Length);
    }

    /// <summary>Seeded tag soup: whatever the scan accepts, it reads as the DOM does.</summary>
    [Fact]
    public void GeneratedTagSoup_WhereAccepted_IsReadAsTheDomReadsIt()
    {
        string[] pieces =
        [
            "<a href=/a>", "<a href='/b?x=1&amp;y=2'>", "<a href=\"/c&#47;d\">", "<a>", "</a>", "<A HREF=/up>", "<area href=/area>", "<base href=/base/>",
            "<a href = \"/sp\" >", "<a  class=x title='t>' href=/q?x=1&y>", "<a href=\"/h\" href=/second>", "<a href>", "<a/href=/s>", "<a href='/ent&eacute;'>",
            "<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<i>", "</i>", "<span>", "</span>", "<li>", "</li>", "<ul>", "</ul>", "<br>", "</br>",
            "<img src=x>", "<h1>", "</h1>", "<pre>\n", "</pre>", "<script>", "</script>", "<style>", "</style>", "<title>", "</title>", "<textarea>\n",
            "</textarea>", "<!--", "-->", "<!-->", "<!DOCTYPE html>", "<?pi?>", "</>", "< ", "<", ">", "&amp;", "&lt;", "&eacute;", "&#233;", "&#xE9;",
            "&", "&copy", "&notin;", "&x=1", "text", " ", "\n", "\r\n", "'", "\"", "=", "/", "<form>", "</form>", "<table>", "<td>", "<svg>", "<dd>",
            "<body>", "</body>", "<html>", "<head>", "</head>", "<noscript>", "</noscript>", "<iframe>", "</iframe>", "<plaintext>", "é", "\uFFFD",
        ];
        var random = new Random(20261202);
        var (accepted, total) = (0, 20_000);
        for (var n = 0; n < total; n++)
        {
            var html = new StringBuilder();
            for (var k = random.Next(1, 80); k > 0; k--)
            {
                html.Append(pieces[random.Next(pieces.Length)]);
            }

            var page = html.ToString();
            if (FastLinkScanner.Scan(page) is null)
            {
                continue;
            }

            accepted++;
            var dom = LinkExtractor.ExtractByDom(page, Page, new LinkFilter());
            var fast = LinkExtractor.Extract(page, Page, new LinkFilter());
            Assert.True(dom.Select(l => (l.Url, l.Text)).SequenceEqual(fast.Select(l => (l.Url, l.Text))),
                $"page: {page}\nDOM:  {string.Join(" | ", dom.Select(l => $"{l.Url} [{l.Text}]"))}\nfast: {string.Join(" | ", fast.Select(l => $"{l.Url} [{l.Text}]"))}");
        }

        // The soup is hostile; still a good share of it is read fast, or the comparison would prove little.
        Assert.InRange(accepted, total / 10, total);
    }

    [Fact]
    public void OrdinaryPage_IsReadFast()
    {
        var html = "<!DOCTYPE html><html><head><meta charset=utf-8><title>p</title></head><body><h1>Page</h1><ul>"
            + string.Concat(Enumerable.Range(0, 20).Select(i => $"<li><a href=\"/p/{i}\">link {i}</a></li>\n")) + "</ul><p>Lorem &amp; ipsum</p></body></html>";

        Assert.NotNull(FastLinkScanner.Scan(html));
        Assert.Equal(20, LinkExtractor.Extract(html, Page, new LinkFilter()).Count);
    }
}
