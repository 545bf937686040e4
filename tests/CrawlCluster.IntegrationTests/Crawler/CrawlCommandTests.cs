using System.Text.Json.Nodes;
using CrawlCluster.TestSupport;

namespace CrawlCluster.IntegrationTests.Crawler;

/// <summary><c>crawlcluster crawl</c> as built, on its embedded store and bus, against a generated local site.</summary>
[Trait("Kind", "Integration")]
public sealed class CrawlCommandTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly string _directory = Directory.CreateTempSubdirectory("crawlcluster-crawl-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Crawl_WritesEveryPageWithinTheDepthOnce_InDepthOrder_ObeyingRobotsTxt_AndExits0()
    {
        await using var site = LocalHttpServer.Start(GeneratedSite);
        var output = Path.Combine(_directory, "pages.jsonl");

        await using var crawl = RunningProcess.StartCrawlCluster(null, "crawl", site.Url("/").AbsoluteUri, "--depth", "2",
            "--hits", "1000", "--no-moderation", "--concurrency", "1", "--out", output);

        Assert.Equal(0, await crawl.WaitForExitAsync(Patience));
        var pages = (await File.ReadAllLinesAsync(output)).Select(l => JsonNode.Parse(l)!).ToList();
        var paths = pages.Select(p => new Uri(p["url"]!.GetValue<string>()).AbsolutePath).ToList();
        // Depth 0: /, depth 1: /p1 /p2 /p3, depth 2: their children (/p1 links back to / and to /p2: not again);
        // robots.txt forbids /p3/y.
        Assert.Equal(["/", "/p1", "/p1/x", "/p1/y", "/p2", "/p2/x", "/p2/y", "/p3", "/p3/x"], paths.Order(StringComparer.Ordinal));
        Assert.Equal(paths.Distinct().Count(), paths.Count);
        // Crawled in depth order: the order the site was asked (one request at a time). The file's order is the bus's,
        // whose partitions may interleave.
        var fetched = site.Requests.Select(r => r.Path).Where(p => p != "/robots.txt").ToList();
        var depths = fetched.Select(p => p == "/" ? 0 : p.Count(c => c == '/')).ToList();
        Assert.Equal(9, depths.Count);
        Assert.Equal(depths.Order(), depths);
        Assert.DoesNotContain(site.Requests, r => r.Path.EndsWith("/deeper", StringComparison.Ordinal) || r.Path == "/p3/y");
        Assert.Contains("Crawl finished.", crawl.AllText, StringComparison.Ordinal);
        // The final figures are the Redis Monitor's answer to a status action (the retried row exists only in it).
        Assert.Matches(@"retried\s+0", crawl.AllText);
        Assert.DoesNotContain("did not answer the status request", crawl.AllText, StringComparison.Ordinal);
        Assert.Contains("pages      9", crawl.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_IsServedWhileTheCrawlRuns_AndShowsIt()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/robots.txt" => new LocalHttpResponse(404, []),
            "/" => LocalHttpResponse.Html(string.Concat(Enumerable.Range(1, 8).Select(i => $"<a href=\"/p{i}\">{i}</a>"))),
            _ => LocalHttpResponse.Html("leaf"),
        });
        var port = FreePort.Next();
        var environment = new Dictionary<string, string> { ["FLASK_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        // Two pages a second: the crawl is still running when the dashboard is read.
        await using var crawl = RunningProcess.StartCrawlCluster(environment, "crawl", site.Url("/").AbsoluteUri, "--depth", "1", "--hits", "2", "--window", "1",
            "--dashboard", "--out", Path.Combine(_directory, "pages.jsonl"));
        var line = await crawl.WaitForLineAsync("Dashboard: ", Patience);
        Assert.Contains($"http://127.0.0.1:{port}/", line, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Patience };
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Accept.ParseAdd("text/html");
        using var html = await http.SendAsync(page);
        Assert.Contains("/dashboard/app.js", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var deadline = DateTime.UtcNow + Patience;
        JsonArray crawls;
        while ((crawls = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/v1/dashboard", UriKind.Relative)))!["crawls"]!.AsArray()).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the crawl never showed on the dashboard");
            await Task.Delay(100);
        }

        Assert.Equal("crawlcluster", crawls[0]!["appid"]!.GetValue<string>());
        Assert.Equal(0, await crawl.WaitForExitAsync(Patience));
        Assert.Equal(9, (await File.ReadAllLinesAsync(Path.Combine(_directory, "pages.jsonl"))).Length);
    }

    [Fact]
    public async Task PageReachedThroughARedirectAndALink_IsWrittenOnce()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/robots.txt" => new LocalHttpResponse(404, []),
            "/" => LocalHttpResponse.Html(string.Concat(Enumerable.Range(1, 5).Select(i => $"<a href=\"/p/{i}\">p</a><a href=\"/redirect/{i}\">r</a>"))),
            var path when path.StartsWith("/redirect/", StringComparison.Ordinal) => LocalHttpResponse.Redirect("/p/" + path["/redirect/".Length..]),
            _ => LocalHttpResponse.Html("<a href=\"/\">home</a>"),
        });
        var output = Path.Combine(_directory, "redirects.jsonl");

        await using var crawl = RunningProcess.StartCrawlCluster(null, "crawl", site.Url("/").AbsoluteUri, "--depth", "2", "--hits", "1000", "--no-moderation",
            "--out", output);

        Assert.Equal(0, await crawl.WaitForExitAsync(Patience));
        var urls = (await File.ReadAllLinesAsync(output)).Select(l => new Uri(JsonNode.Parse(l)!["url"]!.GetValue<string>()).AbsolutePath).ToList();
        Assert.Equal(6, urls.Count);
        Assert.Equal(urls.Distinct().Count(), urls.Count);
    }

    [Fact]
    public async Task NoRobots_CrawlsWhatRobotsTxtForbids()
    {
        await using var site = LocalHttpServer.Start(GeneratedSite);
        var output = Path.Combine(_directory, "all.jsonl");

        await using var crawl = RunningProcess.StartCrawlCluster(null, "crawl", site.Url("/p3").AbsoluteUri, "--depth", "1", "--no-robots",
            "--hits", "1000", "--no-moderation", "--out", output);

        Assert.Equal(0, await crawl.WaitForExitAsync(Patience));
        Assert.Contains(site.Requests, r => r.Path == "/p3/y");
        Assert.DoesNotContain(site.Requests, r => r.Path == "/robots.txt");
    }

    [Fact]
    public async Task MaxPages_StopsWhereTold()
    {
        await using var site = LocalHttpServer.Start(GeneratedSite);
        var output = Path.Combine(_directory, "limited.jsonl");

        await using var crawl = RunningProcess.StartCrawlCluster(null, "crawl", site.Url("/").AbsoluteUri, "--depth", "2", "--max-pages", "4",
            "--hits", "1000", "--no-moderation", "--out", output);

        Assert.Equal(0, await crawl.WaitForExitAsync(Patience));
        Assert.Equal(4, (await File.ReadAllLinesAsync(output)).Length);
    }

    [Fact]
    public async Task Interrupted_StopsCleanly_PrintsTheSummary_AndExits130()
    {
        await using var site = LocalHttpServer.Start(request => request.Path == "/robots.txt" ? new LocalHttpResponse(404, []) : new LocalHttpResponse(200, [], Hang: true));

        await using var crawl = RunningProcess.StartCrawlCluster(null, "crawl", site.Url("/").AbsoluteUri, "--out", Path.Combine(_directory, "stopped.jsonl"));
        await site.WaitForRequestsAsync(2, Patience);
        crawl.Terminate();

        Assert.Equal(130, await crawl.WaitForExitAsync(Patience));
        Assert.Contains("Crawl interrupted.", crawl.AllText, StringComparison.Ordinal);
        Assert.Contains("left       1 pending, 0 in flight", crawl.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InterruptedByCtrlC_LikeSigterm_WritesEveryCountedPage_PrintsTheSummary_AndExits130()
    {
        // Pages come quickly, then one hangs: Ctrl-C arrives mid-crawl with pages published and one in flight.
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/robots.txt" => new LocalHttpResponse(404, []),
            "/" => LocalHttpResponse.Html(string.Concat(Enumerable.Range(0, 6).Select(i => $"<a href=\"/p{i}\">p</a>")) + "<a href=\"/hang\">h</a>"),
            "/hang" => new LocalHttpResponse(200, [], Hang: true),
            _ => LocalHttpResponse.Html("leaf"),
        });
        var output = Path.Combine(_directory, "ctrl-c.jsonl");

        // The hanging page must outlast the test however slow the machine: its retries would otherwise end the crawl first.
        await using var crawl = RunningProcess.StartCrawlCluster(new Dictionary<string, string> { ["DOWNLOAD_TIMEOUT"] = "300" }, "crawl", site.Url("/").AbsoluteUri,
            "--depth", "1", "--hits", "1000", "--no-moderation", "--out", output);
        await site.WaitForRequestsAsync(9, Patience);

        // Fetched is not yet published: wait until the progress line counts a page, so Ctrl-C lands with pages counted.
        var deadline = DateTime.UtcNow + Patience;
        while (!crawl.Error.Concat(crawl.Output).Any(line => System.Text.RegularExpressions.Regex.IsMatch(line, "crawl: pages [1-9]")))
        {
            Assert.True(DateTime.UtcNow < deadline, "no page was counted:\n" + crawl.AllText);
            await Task.Delay(50);
        }

        crawl.Interrupt();

        Assert.Equal(130, await crawl.WaitForExitAsync(Patience));
        Assert.Contains("Crawl interrupted.", crawl.AllText, StringComparison.Ordinal);
        var written = (await File.ReadAllLinesAsync(output)).Length;
        Assert.InRange(written, 1, 7);
        Assert.Contains($"pages      {written}", crawl.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutputClosedByItsReader_EndsTheCrawlLikeCtrlC()
    {
        // 40 pages at one a second: a crawl of 40 s unless the closed output ends it.
        await using var site = LocalHttpServer.Start(request => request.Path == "/"
            ? LocalHttpResponse.Html(string.Concat(Enumerable.Range(0, 40).Select(i => $"<a href=\"/p{i}\">p</a>")))
            : request.Path == "/robots.txt" ? new LocalHttpResponse(404, []) : LocalHttpResponse.Html("leaf"));
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "crawlcluster.dll"), "crawl", site.Url("/").AbsoluteUri, "--depth", "1", "--out", "-" })
        {
            start.ArgumentList.Add(arg);
        }

        using var crawl = System.Diagnostics.Process.Start(start)!;
        var error = crawl.StandardError.ReadToEndAsync();
        try
        {
            Assert.NotNull(await crawl.StandardOutput.ReadLineAsync().WaitAsync(Patience));
            Assert.NotNull(await crawl.StandardOutput.ReadLineAsync().WaitAsync(Patience));
            crawl.StandardOutput.Close();

            await crawl.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(130, crawl.ExitCode);
            Assert.Contains("Crawl interrupted.", await error, StringComparison.Ordinal);
            Assert.True(site.Requests.Count(r => r.Path.StartsWith("/p", StringComparison.Ordinal)) < 30);
        }
        finally
        {
            if (!crawl.HasExited)
            {
                crawl.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task FormatCsv_HasARowPerPage_WithTitleAndDepth_AndFailuresAreListedAndWrittenBeside()
    {
        await using var site = LocalHttpServer.Start(request => request.Path == "/p1" ? LocalHttpResponse.Html("<title>One, \"first\"</title>") : GeneratedSite(request));
        var output = Path.Combine(_directory, "pages.csv");

        await using var crawl = RunningProcess.StartCrawlCluster(null, "crawl", site.Url("/p3").AbsoluteUri, site.Url("/p1").AbsoluteUri, "--depth", "1",
            "--hits", "1000", "--no-moderation", "--format", "csv", "--out", output);

        Assert.Equal(0, await crawl.WaitForExitAsync(Patience));
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal("url,status,title,depth,bytes,crawled_at,links", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(r => new Uri(r[0]).AbsolutePath);
        Assert.Equal(["/p1", "/p3", "/p3/x"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("200", "0", "1"), (rows["/p3/x"][1], rows["/p3"][3], rows["/p3/x"][3]));
        Assert.Contains(lines, l => l.Contains("\"One, \"\"first\"\"\"", StringComparison.Ordinal));
        Assert.Contains("Failed (1):", crawl.AllText, StringComparison.Ordinal);
        Assert.Contains("/p3/y: robots.txt forbids it", crawl.AllText, StringComparison.Ordinal);
        var failure = JsonNode.Parse(Assert.Single(await File.ReadAllLinesAsync(output + ".failures.jsonl")))!;
        Assert.Equal(("robots.txt forbids it", site.Url("/p3/y").AbsoluteUri), (failure["reason"]!.GetValue<string>(), failure["url"]!.GetValue<string>()));
    }

    [Fact]
    public async Task FormatJson_NoBody_Fields_AndMaxPagesTotal_StopTheCrawlWhereAsked()
    {
        await using var site = LocalHttpServer.Start(GeneratedSite);
        var output = Path.Combine(_directory, "pages.json");

        await using var crawl = RunningProcess.StartCrawlCluster(null, "crawl", site.Url("/").AbsoluteUri, "--depth", "2", "--hits", "1000", "--no-moderation",
            "--concurrency", "1", "--format", "json", "--no-body", "--fields", "url,status_code,body", "--max-pages-total", "3", "--out", output);

        Assert.Equal(0, await crawl.WaitForExitAsync(Patience));
        var pages = JsonNode.Parse(await File.ReadAllTextAsync(output))!.AsArray();
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Equal(["status_code", "url"], p!.AsObject().Select(f => f.Key).Order(StringComparer.Ordinal)));
        Assert.Contains("stopped at --max-pages-total 3", crawl.AllText, StringComparison.Ordinal);
        Assert.Contains("Crawl finished.", crawl.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeLimit_StopsAHangingCrawl_AndPolitenessIsShownWhileItWaits()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/robots.txt" => new LocalHttpResponse(404, []),
            "/" => LocalHttpResponse.Html("""<a href="/a">a</a><a href="/b">b</a><a href="/hang">h</a>"""),
            "/hang" => new LocalHttpResponse(200, [], Hang: true),
            _ => LocalHttpResponse.Html("leaf"),
        });
        var output = Path.Combine(_directory, "limited-time.jsonl");

        // Politeness on (60 a minute, evenly spaced): the progress line says the domain waits, and why.
        await using var crawl = RunningProcess.StartCrawlCluster(null, "crawl", site.Url("/").AbsoluteUri, "--depth", "1", "--time-limit", "6s", "--out", output);

        Assert.Equal(0, await crawl.WaitForExitAsync(Patience));
        Assert.Contains("stopped at --time-limit 6s", crawl.AllText, StringComparison.Ordinal);
        Assert.Contains("politeness 1 domain waiting, next in", crawl.AllText, StringComparison.Ordinal);
        Assert.True((await File.ReadAllLinesAsync(output)).Length >= 1);
    }

    [Fact]
    public async Task NothingCrawled_Exits1_SayingWhyPerUrl_AndLeavesNoEmptyFile()
    {
        var output = Path.Combine(_directory, "nothing.jsonl");

        await using var crawl = RunningProcess.StartCrawlCluster(null, "crawl", "http://127.0.0.1:9/", "--out", output, "--set", "RETRY_TIMES=0");

        Assert.Equal(1, await crawl.WaitForExitAsync(Patience));
        Assert.False(File.Exists(output));
        Assert.Contains("no page was crawled", crawl.AllText, StringComparison.Ordinal);
        Assert.Contains("  http://127.0.0.1:9/: gave up after 0 retries: robots.txt could not be read", crawl.AllText, StringComparison.Ordinal);
        Assert.Contains("Connection refused", crawl.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("robots.txt forbids it", crawl.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Retries_AreCountedInTheDisplay_AndLoggedOneByOneOnlyWhenALogLevelIsAsked(bool levelGiven)
    {
        string[] arguments = ["crawl", "http://127.0.0.1:9/", "--hits", "1000", "--no-moderation", "--out", Path.Combine(_directory, "retries.jsonl")];
        await using var crawl = RunningProcess.StartCrawlCluster(null, levelGiven ? [.. arguments, "-ll", "WARNING"] : arguments);

        Assert.Equal(1, await crawl.WaitForExitAsync(Patience));
        Assert.Matches(@"retried\s+3\b", crawl.AllText);
        Assert.Contains("Not crawled: http://127.0.0.1:9/: gave up after 3 retries", crawl.AllText, StringComparison.Ordinal);
        Assert.Equal(levelGiven ? 4 : 0, crawl.AllText.Split("Scraper Retry").Length - 1); // each of the 4 attempts
    }

    [Fact]
    public async Task OutIntoAFolderThatDoesNotExist_OneLineError_Exit2()
    {
        await using var crawl = RunningProcess.StartCrawlCluster(null, "crawl", "http://127.0.0.1:9/", "--out", "/nonexistent-folder/x.jsonl");

        Assert.Equal(2, await crawl.WaitForExitAsync(Patience));
        Assert.Contains("--out /nonexistent-folder/x.jsonl: the folder /nonexistent-folder does not exist", crawl.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", crawl.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpiderFromSpiderDir_CrawlsWithItsOwnParse()
    {
        await using var site = LocalHttpServer.Start(request => LocalHttpResponse.Html($"<title>Page {request.Path}</title>"));
        var output = Path.Combine(_directory, "titles.jsonl");

        await using var crawl = RunningProcess.StartCrawlCluster(null, "crawl", site.Url("/").AbsoluteUri, "--spider", "title",
            "--set", $"SPIDER_DIR={Path.Combine(AppContext.BaseDirectory, "example-spiders")}", "--out", output);

        Assert.Equal(0, await crawl.WaitForExitAsync(Patience));
        var page = JsonNode.Parse(Assert.Single(await File.ReadAllLinesAsync(output)))!;
        Assert.Equal("Page /", page["attrs"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownSpider_Exits2_NamingTheSpidersThereAre()
    {
        await using var crawl = RunningProcess.StartCrawlCluster(null, "crawl", "http://127.0.0.1:9/", "--spider", "nosuch", "--out", Path.Combine(_directory, "x.jsonl"));

        Assert.Equal(2, await crawl.WaitForExitAsync(Patience));
        Assert.Contains("no spider named 'nosuch'; there are: link, wandering", crawl.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--depth", "9", "maxdepth 9 is above the maximum 3")]
    [InlineData("--deny", "/(?!private)", "deny_regex '/(?!private)' cannot be used: ")]
    public async Task InvalidRequest_IsRefusedWithTheReason_AndExits2(string option, string value, string reason)
    {
        await using var crawl = RunningProcess.StartCrawlCluster(null, "crawl", "http://127.0.0.1:9/", option, value, "--out", Path.Combine(_directory, "none.jsonl"));

        Assert.Equal(2, await crawl.WaitForExitAsync(Patience));
        Assert.Contains($"cannot crawl http://127.0.0.1:9/: {reason}", crawl.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("ZookeeperHandler", crawl.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("Crawl finished", crawl.AllText, StringComparison.Ordinal);
    }

    private static LocalHttpResponse GeneratedSite(LocalHttpRequest request) => request.Path switch
    {
        "/robots.txt" => new LocalHttpResponse(200, System.Text.Encoding.UTF8.GetBytes("User-agent: *\nDisallow: /p3/y\n")),
        "/" => LocalHttpResponse.Html("""<a href="/p1">1</a><a href="/p2">2</a><a href="/p3">3</a>"""),
        "/p1" => LocalHttpResponse.Html("""<a href="/">home</a><a href="/p2">2</a><a href="/p1/x">x</a><a href="/p1/y">y</a>"""),
        var path when path.Count(c => c == '/') == 1 => LocalHttpResponse.Html($"""<a href="{path}/x">x</a><a href="{path}/y">y</a>"""),
        var path => LocalHttpResponse.Html($"""<a href="{path}/deeper">deeper</a>"""),
    };
}
