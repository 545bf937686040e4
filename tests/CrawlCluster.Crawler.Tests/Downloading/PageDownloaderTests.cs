using System.IO.Compression;
using System.Text;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.TestSupport;

namespace CrawlCluster.Crawler.Tests.Downloading;

/// <summary>The downloader against real HTTP servers on 127.0.0.1, well-behaved and not.</summary>
[Trait("Kind", "Integration")]
public sealed class PageDownloaderTests
{
    private static DownloaderOptions Options(Action<DownloaderOptions>? change = null)
    {
        var options = new DownloaderOptions { TimeoutSeconds = 5, MaxSizeBytes = 1024 * 1024 };
        change?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task Page_ComesWithStatusHeadersAndBody_AndTheRequestCarriesItsUserAgentAndCookie()
    {
        await using var server = LocalHttpServer.Start(_ => LocalHttpResponse.Html("<html>hello</html>"));
        using var downloader = new PageDownloader(Options());

        var result = await downloader.DownloadAsync(new DownloadRequest(server.Url("/page?x=1"), UserAgent: "TestBot/1.0", Cookie: "a=1; b=2"), CancellationToken.None);

        Assert.Equal((200, "OK"), (result.StatusCode, result.StatusMessage));
        Assert.Equal("<html>hello</html>", Encoding.UTF8.GetString(result.Body));
        Assert.Equal("text/html; charset=utf-8", result.ResponseHeaders["Content-Type"].Single());
        Assert.Empty(result.RedirectUrls);
        var sent = Assert.Single(server.Requests);
        Assert.Equal("/page?x=1", sent.Path);
        Assert.Equal("TestBot/1.0", sent.Headers["User-Agent"]);
        Assert.Equal("a=1; b=2", sent.Headers["Cookie"]);
        Assert.Equal("TestBot/1.0", result.RequestHeaders["User-Agent"].Single());
    }

    [Fact]
    public async Task RequestHeaders_AreRecordedAsSent_OneValuePerLine_ByteForByte()
    {
        await using var server = LocalHttpServer.Start(_ => LocalHttpResponse.Html("ok"));
        using var downloader = new PageDownloader(Options());

        var result = await downloader.DownloadAsync(new DownloadRequest(server.Url("/"), UserAgent: "CompatHarness/1.0 (+http://example.com/bot)"), CancellationToken.None);

        var sent = Assert.Single(server.Requests);
        Assert.Equal(["CompatHarness/1.0 (+http://example.com/bot)"], result.RequestHeaders["User-Agent"]);
        Assert.Equal(sent.Headers["User-Agent"], result.RequestHeaders["User-Agent"].Single());
        Assert.Equal([sent.Headers["Accept"]], result.RequestHeaders["Accept"]);
    }

    [Fact]
    public async Task Redirects_AreFollowedAndRecorded()
    {
        await using var server = LocalHttpServer.Start(request => request.Path switch
        {
            "/a" => LocalHttpResponse.Redirect("/b"),
            "/b" => LocalHttpResponse.Redirect("http://127.0.0.1:" + request.Headers["Host"].Split(':')[1] + "/c", 301),
            _ => LocalHttpResponse.Html("final"),
        });
        using var downloader = new PageDownloader(Options());

        var result = await downloader.DownloadAsync(new DownloadRequest(server.Url("/a")), CancellationToken.None);

        Assert.Equal(server.Url("/c"), result.ResponseUrl);
        Assert.Equal([server.Url("/a"), server.Url("/b")], result.RedirectUrls);
        Assert.Equal(server.Url("/a"), result.RequestUrl);
    }

    [Fact]
    public async Task RedirectTheCrawlMayNotFollow_IsRefused_AndNotFetched()
    {
        await using var server = LocalHttpServer.Start(request => request.Path == "/a" ? LocalHttpResponse.Redirect("/forbidden") : LocalHttpResponse.Html("no"));
        using var downloader = new PageDownloader(Options());

        var error = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(
            new DownloadRequest(server.Url("/a"), RedirectCheck: (url, _) => ValueTask.FromResult(url.AbsolutePath.StartsWith("/forbidden", StringComparison.Ordinal) ? "forbidden here" : null)), CancellationToken.None));

        Assert.Equal(DownloadFailure.Redirect, error.Failure);
        Assert.DoesNotContain(server.Requests, r => r.Path == "/forbidden");
    }

    [Fact]
    public async Task RedirectLoop_StopsAtRedirectMaxTimes()
    {
        await using var server = LocalHttpServer.Start(request => LocalHttpResponse.Redirect(request.Path == "/a" ? "/b" : "/a"));
        using var downloader = new PageDownloader(Options(o => o.RedirectMaxTimes = 5));

        var error = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(new DownloadRequest(server.Url("/a")), CancellationToken.None));

        Assert.Equal(DownloadFailure.Redirect, error.Failure);
        Assert.Equal(6, server.Requests.Count);
    }

    [Fact]
    public async Task ServerThatHangs_TimesOut()
    {
        await using var server = LocalHttpServer.Start(_ => new LocalHttpResponse(200, [], Hang: true));
        using var downloader = new PageDownloader(Options(o => o.TimeoutSeconds = 1));

        var error = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(new DownloadRequest(server.Url("/")), CancellationToken.None));

        Assert.Equal(DownloadFailure.Timeout, error.Failure);
        Assert.True(error.Retryable);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task CompressionBomb_IsCutAtDownloadMaxsize(string encoding)
    {
        var zeros = new MemoryStream();
        await using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(zeros, CompressionLevel.SmallestSize, leaveOpen: true),
            "br" => new BrotliStream(zeros, CompressionLevel.SmallestSize, leaveOpen: true),
            _ => new ZLibStream(zeros, CompressionLevel.SmallestSize, leaveOpen: true),
        })
        {
            await compressor.WriteAsync(new byte[20 * 1024 * 1024]);
        }

        await using var server = LocalHttpServer.Start(_ => new LocalHttpResponse(200, zeros.ToArray(), new Dictionary<string, string> { ["Content-Encoding"] = encoding }));
        using var downloader = new PageDownloader(Options());

        var error = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(new DownloadRequest(server.Url("/")), CancellationToken.None));

        Assert.Equal(DownloadFailure.TooLarge, error.Failure);
        Assert.True(zeros.Length < 1024 * 1024, "the compressed body itself is under the limit");
    }

    [Fact]
    public async Task DeclaredLengthOverTheLimit_IsRefusedBeforeReading()
    {
        await using var server = LocalHttpServer.Start(_ => new LocalHttpResponse(200, [1, 2, 3], DeclaredLength: 50L * 1024 * 1024));
        using var downloader = new PageDownloader(Options());

        var error = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(new DownloadRequest(server.Url("/")), CancellationToken.None));

        Assert.Equal(DownloadFailure.TooLarge, error.Failure);
    }

    [Fact]
    public async Task ServerThatLiesAboutItsLength_IsAConnectionFailure()
    {
        await using var server = LocalHttpServer.Start(_ => new LocalHttpResponse(200, Encoding.UTF8.GetBytes("short"), DeclaredLength: 5_000));
        using var downloader = new PageDownloader(Options());

        var error = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(new DownloadRequest(server.Url("/")), CancellationToken.None));

        Assert.Equal(DownloadFailure.Connection, error.Failure);
    }

    [Fact]
    public async Task NothingListening_IsARetryableConnectionFailure()
    {
        using var downloader = new PageDownloader(Options());

        var error = await Assert.ThrowsAsync<DownloadException>(() =>
            downloader.DownloadAsync(new DownloadRequest(new Uri($"http://127.0.0.1:{FreePort.Next()}/")), CancellationToken.None));

        Assert.Equal(DownloadFailure.Connection, error.Failure);
        Assert.True(error.Retryable);
    }

    [Fact]
    public async Task HostResolve_SendsANameToTheGivenAddress_WithItsHostHeader()
    {
        await using var server = LocalHttpServer.Start(_ => LocalHttpResponse.Html("site"));
        using var downloader = new PageDownloader(Options(o => o.HostResolve = ["www.crawl.test:127.0.0.1"]));

        var result = await downloader.DownloadAsync(new DownloadRequest(new Uri($"http://www.crawl.test:{server.Port}/")), CancellationToken.None);

        Assert.Equal("site", Encoding.UTF8.GetString(result.Body));
        Assert.Equal($"www.crawl.test:{server.Port}", server.Requests.Single().Headers["Host"]);
    }

    [Fact]
    public async Task BlockPrivateNetworks_RefusesLoopback_AndLinkLocalIsRefusedAlways()
    {
        await using var server = LocalHttpServer.Start(_ => LocalHttpResponse.Html("private"));
        using var blocking = new PageDownloader(Options(o => o.BlockPrivateNetworks = true));
        using var open = new PageDownloader(Options(o => o.HostResolve = ["metadata.test:169.254.169.254"]));

        var loopback = await Assert.ThrowsAsync<DownloadException>(() => blocking.DownloadAsync(new DownloadRequest(server.Url("/")), CancellationToken.None));
        var linkLocal = await Assert.ThrowsAsync<DownloadException>(() => open.DownloadAsync(new DownloadRequest(new Uri("http://metadata.test/latest/")), CancellationToken.None));

        Assert.Equal(DownloadFailure.Blocked, loopback.Failure);
        Assert.Contains("BLOCK_PRIVATE_NETWORKS", loopback.Message, StringComparison.Ordinal);
        Assert.Equal(DownloadFailure.Blocked, linkLocal.Failure);
        Assert.Contains("link-local", linkLocal.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("http://localhost:{port}/", "a name that resolves to loopback")]
    [InlineData("http://0.0.0.0:{port}/", "the unspecified address (Linux connects it to this machine)")]
    [InlineData("http://[::1]:{port}/", "IPv6 loopback")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/", "IPv4-mapped IPv6 loopback")]
    [InlineData("http://2130706433:{port}/", "a decimal IPv4 literal")]
    [InlineData("http://0x7f.0.0.1:{port}/", "a hexadecimal IPv4 literal")]
    [InlineData("http://0177.0.0.1:{port}/", "an octal IPv4 literal")]
    [InlineData("http://127.1:{port}/", "a shortened IPv4 literal")]
    public async Task BlockPrivateNetworks_HoldsForEveryFormOfALoopbackAddress(string form, string what)
    {
        await using var server = LocalHttpServer.Start(_ => LocalHttpResponse.Html("private"));
        using var blocking = new PageDownloader(Options(o => o.BlockPrivateNetworks = true));
        var url = new Uri(form.Replace("{port}", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<DownloadException>(() => blocking.DownloadAsync(new DownloadRequest(url), CancellationToken.None));

        Assert.True(error.Failure == DownloadFailure.Blocked, $"{what}: {error.Failure} {error.Message}");
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://2852039166/latest/meta-data/")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://metadata.test/latest/meta-data/")]
    public async Task ARedirectToALinkLocalAddress_IsRefused_EvenWithPrivateNetworksAllowed(string target)
    {
        await using var server = LocalHttpServer.Start(_ => LocalHttpResponse.Redirect(target));
        using var open = new PageDownloader(Options(o => o.HostResolve = ["metadata.test:169.254.169.254"]));

        var error = await Assert.ThrowsAsync<DownloadException>(() => open.DownloadAsync(new DownloadRequest(server.Url("/")), CancellationToken.None));

        Assert.Equal(DownloadFailure.Blocked, error.Failure);
        Assert.Contains("link-local", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/file")]
    [InlineData("gopher://127.0.0.1:70/")]
    public async Task OtherSchemes_AreNeverFetched_NorFollowed(string target)
    {
        await using var server = LocalHttpServer.Start(_ => LocalHttpResponse.Redirect(target));
        using var downloader = new PageDownloader(Options());

        var direct = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(new DownloadRequest(new Uri(target)), CancellationToken.None));
        var redirected = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(new DownloadRequest(server.Url("/")), CancellationToken.None));

        Assert.Equal(DownloadFailure.Blocked, direct.Failure);
        Assert.Contains("not an http(s) URL", direct.Message, StringComparison.Ordinal);
        Assert.Equal(DownloadFailure.Redirect, redirected.Failure);
        Assert.Contains("may not be followed", redirected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", redirected.Message + direct.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HostResolve_Malformed_IsAClearError()
    {
        var error = Assert.Throws<FormatException>(() => new PageDownloader(Options(o => o.HostResolve = ["no-address"])));

        Assert.Contains("HOST_RESOLVE entry 'no-address' is not host:address", error.Message, StringComparison.Ordinal);
    }
}
