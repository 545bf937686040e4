using System.Globalization;
using System.Text.Json.Nodes;
using CrawlCluster.TestSupport;
using PuppeteerSharp;

namespace CrawlCluster.IntegrationTests.Rest;

/// <summary>
/// The dashboard in a real browser — Debian's chromium, headless, driven by PuppeteerSharp — against a crawling cluster
/// of built executables: it shows a crawl's progress moving, the processes' heartbeats and a failure with its reason,
/// and a crawl submitted from its form appears. Screenshots go to artifacts/test-results/dashboard/.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = GatewayCluster.Patience;
    private static readonly string Screenshots = Path.Combine(RepositoryRoot.Path, "artifacts", "test-results", "dashboard");
    private RedisServer _redis = null!;
    private GatewayCluster _cluster = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _cluster = await GatewayCluster.StartAsync(_redis);
        _browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Chromium(),
            Headless = true,
            // Root in CI has no user namespaces for the sandbox; the page is our own, on loopback.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            Timeout = (int)Patience.TotalMilliseconds,
        });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _cluster.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Dashboard_ShowsACrawlProgressing_HeartbeatsAndFailures_AndCrawlsSubmittedFromItsForm()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/robots.txt" => new LocalHttpResponse(404, []),
            "/" => LocalHttpResponse.Html(string.Concat(Enumerable.Range(1, 24).Select(i => $"<a href=\"/p{i}\">{i}</a>"))),
            _ => LocalHttpResponse.Html("<title>leaf</title>leaf"),
        });
        var crawlerEnvironment = _cluster.Environment;
        // Three pages a second: the crawl lasts several samples, so the page sees it move.
        crawlerEnvironment["QUEUE_HITS"] = "3";
        crawlerEnvironment["QUEUE_WINDOW"] = "1";
        crawlerEnvironment["RETRY_TIMES"] = "0";
        await using var crawler = RunningProcess.StartCrawlCluster(crawlerEnvironment, "crawler");
        await crawler.WaitForLineAsync("Crawler link started", Patience);
        var gateway = _cluster.Gateways[0];

        await using var page = await _browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1300, Height = 1100 });
        await page.GoToAsync(gateway.Http.BaseAddress!.ToString());
        await WaitAsync(page, "document.getElementById('connection').textContent === 'live'");

        Assert.Equal(200, (await gateway.PostAsync("/feed", $$"""{"url": "{{site.Url("/")}}", "appid": "testapp", "crawlid": "browser1", "maxdepth": 1}""")).Status);
        using (var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            closed.Start();
            var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
            closed.Stop();
            Assert.Equal(200, (await gateway.PostAsync("/feed", $$"""{"url": "http://127.0.0.1:{{port}}/refused", "appid": "testapp", "crawlid": "broken1"}""")).Status);
        }

        // The crawl's row appears, and its done count moves while the browser watches.
        const string Row = "document.querySelector('tr[data-crawl=\"testapp/browser1\"]')";
        await WaitAsync(page, $"{Row} !== null && Number({Row}.dataset.done) > 0");
        var first = await page.EvaluateExpressionAsync<int>($"Number({Row}.dataset.done)");
        await WaitAsync(page, $"Number({Row}.dataset.done) > {first}");
        Assert.True(await page.EvaluateExpressionAsync<bool>($"{Row}.querySelector('.bar .done').style.width !== '0%'"));
        await page.ScreenshotAsync(Path.Combine(Screenshots, "1-crawl-progress.png"));

        // Heartbeats of every process, and the refused request with its reason.
        await WaitAsync(page, "['crawler (link)', 'kafka-monitor', 'redis-monitor', 'rest'].every(c => document.getElementById('processes').textContent.includes(c))");
        await WaitAsync(page, "document.getElementById('failures').textContent.includes('/refused')");
        var failure = await page.EvaluateExpressionAsync<string>("document.getElementById('failures').tBodies[0].rows[0].cells[2].textContent");
        Assert.False(string.IsNullOrWhiteSpace(failure));

        // A crawl submitted from the form appears in the table.
        await page.TypeAsync("#submit input[name=url]", site.Url("/p1").ToString());
        await page.EvaluateExpressionAsync("document.querySelector('#submit input[name=crawlid]').value = 'fromform'");
        await page.ClickAsync("#submit button");
        await WaitAsync(page, "document.getElementById('submit-result').textContent.includes('submitted')");
        await WaitAsync(page, "document.querySelector('tr[data-crawl=\"dashboard/fromform\"]') !== null");
        await page.ScreenshotAsync(Path.Combine(Screenshots, "2-submitted.png"));

        // The gateway's refusals are shown with its reasons (the browser's own checks, which would stop a depth of 9 first, are off here).
        await page.EvaluateExpressionAsync("document.getElementById('submit').noValidate = true");
        await page.EvaluateExpressionAsync("document.querySelector('#submit input[name=maxdepth]').value = '9'");
        await page.ClickAsync("#submit button");
        await WaitAsync(page, "document.getElementById('submit-result').textContent.startsWith('Not submitted')");
        Assert.Contains("maxdepth", await page.EvaluateExpressionAsync<string>("document.getElementById('submit-result').textContent"), StringComparison.Ordinal);

        // The page's crawl finishes there as in the API.
        await WaitAsync(page, $"{Row}.dataset.finished === 'true'");
        var (_, status, _) = await gateway.GetAsync("/api/v1/crawls/testapp/browser1");
        Assert.Equal(25, status!["data"]!["done"]!.GetValue<long>());
        Assert.Equal("25", await page.EvaluateExpressionAsync<string>($"{Row}.dataset.done"));
        await page.ScreenshotAsync(Path.Combine(Screenshots, "3-finished.png"));
    }

    [Fact]
    public async Task Dashboard_WithAnApiKey_AsksForIt_ThenShowsTheCluster()
    {
        var gateway = await _cluster.AddGatewayAsync(new Dictionary<string, string> { ["REST_API_KEY"] = "s3cret-key" });
        await using var page = await _browser.NewPageAsync();
        await page.GoToAsync(gateway.Http.BaseAddress!.ToString());

        await WaitAsync(page, "!document.getElementById('key-form').hidden");
        Assert.Equal(401, (await gateway.GetAsync("/api/v1/dashboard")).Status);
        await page.TypeAsync("#key", "s3cret-key");
        await page.ClickAsync("#key-form button");
        await WaitAsync(page, "document.getElementById('connection').textContent === 'live' && document.getElementById('health').textContent === 'GREEN'");
    }

    [Fact]
    public async Task Root_AnswersJsonToApiClients_AndThePageToBrowsers_WithEveryAssetLocal()
    {
        var gateway = _cluster.Gateways[0];
        var (status, json, _) = await gateway.GetAsync("/");
        Assert.Equal(200, status);
        Assert.Equal("GREEN", json!["node_health"]!.GetValue<string>());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        using var response = await gateway.Http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<script src=\"/dashboard/app.js\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://example.com/", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        foreach (var asset in new[] { "/dashboard/app.js", "/dashboard/app.css" })
        {
            using var file = await gateway.Http.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.Equal(200, (int)file.StatusCode);
            Assert.DoesNotContain("https://", await file.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var (missing, _, _) = await gateway.GetAsync("/dashboard/nothing.js");
        Assert.Equal(404, missing);
        var (snapshot, body, _) = await gateway.GetAsync("/api/v1/dashboard");
        Assert.Equal(200, snapshot);
        Assert.NotNull(body!["node"]);
        Assert.IsType<JsonArray>(body["crawls"]);
    }

    private static async Task WaitAsync(IPage page, string condition)
    {
        try
        {
            await page.WaitForFunctionAsync($"() => {{ try {{ return {condition}; }} catch (e) {{ return false; }} }}",
                new WaitForFunctionOptions { Timeout = (int)Patience.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (WaitTaskTimeoutException)
        {
            await page.ScreenshotAsync(Path.Combine(Screenshots, "timeout-" + DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture) + ".png"));
            throw new Xunit.Sdk.XunitException($"The page never showed: {condition}\n{await page.EvaluateExpressionAsync<string>("document.body.innerText")}");
        }
    }

    private static string Chromium() =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("No chromium: ./test.sh installs it (apt-get install chromium).");
}
