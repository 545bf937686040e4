using System.Globalization;
using CrawlCluster.TestSupport;

namespace CrawlCluster.IntegrationTests.Metrics;

/// <summary>
/// <c>/metrics</c> and <c>/health</c> of the long-running processes during a real crawl: parsed as Prometheus would
/// parse them, with the expected series present and moving.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task EveryProcess_ServesMetricsAndHealth_AndTheCrawlsSeriesMove()
    {
        static string Links(int count) => string.Concat(Enumerable.Range(1, count).Select(i => $"<a href=\"/p{i}\">{i}</a>"));
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/robots.txt" => new LocalHttpResponse(404, []),
            "/" => LocalHttpResponse.Html(Links(20)),
            _ => LocalHttpResponse.Html("leaf"),
        });
        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = "redis",
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = _redis.Port.ToString(CultureInfo.InvariantCulture),
            ["SCHEDULER_IP_ENABLED"] = "false",
            // Four pages a second: the counts are seen moving on a loaded machine too.
            ["QUEUE_HITS"] = "4",
            ["QUEUE_WINDOW"] = "1",
        };
        var ports = Enumerable.Range(0, 3).Select(_ => FreePort.Next()).ToArray();
        await using var kafkaMonitor = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run", "--metrics-port", Port(ports[0]));
        await using var redisMonitor = RunningProcess.StartCrawlCluster(environment, "redis-monitor", "--metrics-port", Port(ports[1]));
        await using var crawler = RunningProcess.StartCrawlCluster(environment, "crawler", "--metrics-port", Port(ports[2]));
        await kafkaMonitor.WaitForLineAsync("Kafka Monitor reading", Patience);
        await redisMonitor.WaitForLineAsync("Redis Monitor started", Patience);
        await crawler.WaitForLineAsync("Crawler link started", Patience);
        foreach (var process in new[] { kafkaMonitor, redisMonitor, crawler })
        {
            await process.WaitForLineAsync("Serving /metrics and /health", Patience);
        }

        using var http = new HttpClient { Timeout = Patience };

        await using (var feed = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "feed",
            $$"""{"url": "{{site.Url("/")}}", "appid": "testapp", "crawlid": "metrics", "maxdepth": 1}"""))
        {
            Assert.Equal(0, await feed.WaitForExitAsync(Patience));
        }

        // Served is not yet counted (the count follows the answer): wait for the first pages in the series.
        var early = await WaitForAsync(http, ports[2], samples => PrometheusText.Sum(samples, "crawlcluster_pages_total", ("status", "200")) >= 1);
        var pagesEarly = PrometheusText.Sum(early, "crawlcluster_pages_total", ("status", "200"));
        Assert.InRange(pagesEarly, 1, 20);
        // The Redis Monitor reports the cluster's frontier depth while the crawl runs.
        await WaitForAsync(http, ports[1], samples => PrometheusText.Sum(samples, "crawlcluster_frontier_requests", ("state", "pending")) > 0);
        await site.WaitForRequestsAsync(22, Patience);
        // The last count to move is the publish, after the page was fetched and parsed: wait for it.
        var crawled = await WaitForAsync(http, ports[2], samples => PrometheusText.Sum(samples, "crawlcluster_pages_published_total") >= 21);

        Assert.True(PrometheusText.Sum(crawled, "crawlcluster_pages_total", ("status", "200")) > pagesEarly);
        Assert.True(PrometheusText.Sum(crawled, "crawlcluster_fetch_duration_seconds_count") >= 21);
        Assert.Contains(crawled, s => s.Name == "crawlcluster_fetch_duration_seconds_bucket" && s.Labels["le"] == "+Inf");
        Assert.True(PrometheusText.Sum(crawled, "crawlcluster_page_size_bytes_total") > 0);
        Assert.True(PrometheusText.Sum(crawled, "crawlcluster_bus_produced_total", ("result", "ok")) >= 21);
        Assert.True(PrometheusText.Sum(crawled, "crawlcluster_store_duration_seconds_count") > 0);
        Assert.True(PrometheusText.Sum(crawled, "crawlcluster_frontier_leases_total") >= 21);
        Assert.True(PrometheusText.Sum(crawled, "crawlcluster_throttle_refusals_total") > 0, "4 pages a second from one domain: the throttle must have refused some leases");
        Assert.Equal(21, PrometheusText.Sum(crawled, "crawlcluster_pages_published_total"));

        var ingest = await ScrapeAsync(http, ports[0]);
        Assert.Equal(1, PrometheusText.Sum(ingest, "crawlcluster_ingest_requests_total", ("result", "handled")));
        Assert.Equal(1, PrometheusText.Sum(ingest, "crawlcluster_ingest_plugin_requests_total", ("plugin", "ScraperHandler")));

        var monitor = await WaitForAsync(http, ports[1], samples => PrometheusText.Sum(samples, "crawlcluster_jobs_total") >= 1);
        Assert.True(PrometheusText.Sum(monitor, "crawlcluster_jobs_total", ("result", "ok")) >= 1);

        // Once the crawl is complete nothing is queued or leased; the crawler, which sees no other crawl, does not report the gauge.
        var drained = await WaitForAsync(http, ports[1], samples => samples.Any(s => s.Name == "crawlcluster_frontier_requests")
            && PrometheusText.Sum(samples, "crawlcluster_frontier_requests", ("state", "pending")) == 0
            && PrometheusText.Sum(samples, "crawlcluster_frontier_requests", ("state", "in_flight")) == 0);
        Assert.Equal(2, drained.Count(s => s.Name == "crawlcluster_frontier_requests"));
        Assert.DoesNotContain(crawled, s => s.Name == "crawlcluster_frontier_requests");

        foreach (var port in ports)
        {
            var health = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
            Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Health_GoesUnhealthy_WhenTheStoreIsDown()
    {
        await using var redis = await RedisServer.StartAsync();
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = "redis", ["REDIS_HOST"] = "127.0.0.1", ["REDIS_PORT"] = redis.Port.ToString(CultureInfo.InvariantCulture),
        };
        await using var monitor = RunningProcess.StartCrawlCluster(environment, "redis-monitor", "--metrics-port", Port(port));
        await monitor.WaitForLineAsync("Serving /metrics and /health", Patience);
        using var http = new HttpClient { Timeout = Patience };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"))).StatusCode);

        redis.Stop();

        var deadline = DateTime.UtcNow + Patience;
        while ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"))).StatusCode != System.Net.HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(DateTime.UtcNow < deadline, "/health stayed healthy with the store down");
            await Task.Delay(200);
        }

        Assert.False(monitor.HasExited);
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyList<PrometheusText.Sample>> ScrapeAsync(HttpClient http, int port)
    {
        var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<IReadOnlyList<PrometheusText.Sample>> WaitForAsync(HttpClient http, int port, Func<IReadOnlyList<PrometheusText.Sample>, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var samples = await ScrapeAsync(http, port);
            if (condition(samples))
            {
                return samples;
            }

            Assert.True(DateTime.UtcNow < deadline, "the series did not reach the expected values");
            await Task.Delay(200);
        }
    }
}
