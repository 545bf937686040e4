using System.Text;
using BenchmarkDotNet.Attributes;
using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Dedup;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Pipelines;
using CrawlCluster.Crawler.Requests;
using CrawlCluster.Crawler.Spiders;

namespace CrawlCluster.Benchmarks.Crawler;

/// <summary>
/// The CPU a crawler spends on one page of the crawl benchmark's site (10 KB, 20 links) outside the network and the
/// store: finding its links, canonicalizing them, writing its crawled-page message, and making its child requests.
/// </summary>
[MemoryDiagnoser]
public class PageProcessingBenchmarks
{
    private static readonly Uri PageUrl = new("http://127.0.0.1:8080/p7.html");
    private string _html = null!;
    private byte[] _body = null!;
    private LinkFilter _filter = null!;
    private CrawlTask _task = null!;
    private DownloadResult _response = null!;
    private IReadOnlyList<CrawledLink> _links = null!;

    [GlobalSetup]
    public void Setup()
    {
        var page = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Host 1 page 7</title></head><body>\n<h1>Host 1 page 7</h1>\n<ul>\n");
        for (var j = 0; j < 20; j++)
        {
            page.Append($"<li><a href=\"/p{(7 * 20 + j) % 99}.html\">page {j}</a></li>\n");
        }

        page.Append("</ul>\n");
        var random = new Random(20261202);
        var words = "crawl cluster frontier lease domain throttle queue page link spider request answer store bus monitor".Split(' ');
        while (page.Length < 10_000)
        {
            page.Append("<p>").AppendJoin(' ', Enumerable.Range(0, 40).Select(_ => words[random.Next(words.Length)])).Append("</p>\n");
        }

        _html = page.Append("</body></html>\n").ToString();
        _body = Encoding.UTF8.GetBytes(_html);
        _filter = new LinkFilter();
        _task = CrawlTask.FromMember("""{"url":"http://127.0.0.1:8080/","appid":"bench","crawlid":"c64","maxdepth":3}""");
        _response = new DownloadResult(PageUrl, PageUrl, 200, "OK",
            new Dictionary<string, string[]> { ["Content-Type"] = ["text/html"], ["Server"] = ["nginx/1.22.1"], ["Date"] = ["Wed, 02 Dec 2026 07:00:00 GMT"] },
            new Dictionary<string, string[]> { ["User-Agent"] = ["Scrapy/VERSION (+https://scrapy.org)"], ["Accept"] = ["text/html"] }, _body, []);
        _links = LinkExtractor.Extract(_html, PageUrl, _filter);
    }

    [Benchmark]
    public IReadOnlyList<CrawledLink> ExtractLinks() => LinkExtractor.Extract(_html, PageUrl, _filter);

    /// <summary>The same page through AngleSharp's DOM: the path of a page the fast scan declines (and of every page before it).</summary>
    [Benchmark]
    public IReadOnlyList<CrawledLink> ExtractLinksThroughTheDom() => LinkExtractor.ExtractByDom(_html, PageUrl, _filter);

    [Benchmark]
    public string CanonicalizeLinks()
    {
        var last = "";
        foreach (var link in _links)
        {
            last = UrlCanonicalizer.Canonicalize(link.Url);
        }

        return last;
    }

    [Benchmark]
    public string PageMessage() => CrawledPageMessage.Build(_task, _response, "utf-8", _links, base64Body: false, DateTimeOffset.UnixEpoch);

    [Benchmark]
    public string DecodeBody() => Encoding.UTF8.GetString(_body);

    /// <summary>The page's 20 child requests as the queuer handles them: made, read (spider, crawl, priority) and written as queue members.</summary>
    [Benchmark]
    public int ChildRequests()
    {
        var length = 0;
        foreach (var link in _links)
        {
            var child = _task.Child(link.Url);
            length += child.SpiderId.Length + child.CrawlId.Length + child.AppId.Length + child.Priority + child.ToMember().Length;
        }

        return length;
    }
}
