using BenchmarkDotNet.Attributes;
using CrawlCluster.Core.Domains;

namespace CrawlCluster.Benchmarks.Domains;

/// <summary>Domain extraction runs for every request queued; it must stay far below a microsecond-scale budget.</summary>
[MemoryDiagnoser]
public class DomainExtractionBenchmarks
{
    private readonly DomainExtractor _extractor = DomainExtractor.Default;

    [Params("http://forums.bbc.co.uk/news/article?id=1", "https://www.example.com/a/b/c.html", "http://127.0.0.2:8080/page/17", "http://a.b.c.d.e.kawasaki.jp/")]
    public string Url { get; set; } = "";

    [Benchmark]
    public string KeyOf() => _extractor.KeyOf(Url);
}
