using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Requests;

namespace CrawlCluster.Crawler.Spiders;

/// <summary>A page handed to a spider.</summary>
/// <param name="Request">The request that fetched it, with its meta.</param>
/// <param name="Download">The response.</param>
/// <param name="Text">The body as text (<see cref="ResponseText"/>).</param>
/// <param name="Encoding">The encoding used for <paramref name="Text"/>.</param>
public sealed record SpiderResponse(CrawlTask Request, DownloadResult Download, string Text, string Encoding);
