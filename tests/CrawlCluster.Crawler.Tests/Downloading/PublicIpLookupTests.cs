using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Scheduling;
using CrawlCluster.TestSupport;

namespace CrawlCluster.Crawler.Tests.Downloading;

[Trait("Kind", "Integration")]
public sealed class PublicIpLookupTests
{
    [Fact]
    public async Task Ip_IsTheFirstMatchOfIpAddrRegex_AndAFailureKeepsTheLastOne_AndSaysWhy()
    {
        var failing = false;
        await using var server = LocalHttpServer.Start(_ => failing ? new LocalHttpResponse(500, []) : LocalHttpResponse.Html("Your address: 10.1.2.3, proxy 10.9.9.9"));
        using var downloader = new PageDownloader(new DownloaderOptions { TimeoutSeconds = 5 });
        var lookup = new PublicIpLookup(downloader, new SchedulerOptions { PublicIpUrl = server.Url("/ip").AbsoluteUri });

        Assert.Null(await lookup.RefreshAsync(CancellationToken.None));
        Assert.Equal("10.1.2.3", lookup.Current);

        failing = true;
        var reason = await lookup.RefreshAsync(CancellationToken.None);

        Assert.Contains("answered 500", reason, StringComparison.Ordinal);
        Assert.Equal("10.1.2.3", lookup.Current);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task Unreachable_IsReported_AndNoIpIsMadeUp()
    {
        using var downloader = new PageDownloader(new DownloaderOptions { TimeoutSeconds = 2 });
        var lookup = new PublicIpLookup(downloader, new SchedulerOptions { PublicIpUrl = $"http://127.0.0.1:{FreePort.Next()}/" });

        Assert.NotNull(await lookup.RefreshAsync(CancellationToken.None));
        Assert.Null(lookup.Current);
    }
}
