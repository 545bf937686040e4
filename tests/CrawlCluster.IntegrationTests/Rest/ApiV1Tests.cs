using System.Text.Json.Nodes;
using CrawlCluster.TestSupport;

namespace CrawlCluster.IntegrationTests.Rest;

/// <summary>The gateway's <c>/api/v1</c>, its OpenAPI document and its event stream, against a crawling cluster of built executables.</summary>
[Trait("Kind", "Integration")]
public sealed class ApiV1Tests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = GatewayCluster.Patience;
    private RedisServer _redis = null!;
    private GatewayCluster _cluster = null!;

    private GatewayCluster.Gateway Gateway => _cluster.Gateways[0];

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _cluster = await GatewayCluster.StartAsync(_redis, settings: new Dictionary<string, string> { ["WAIT_FOR_RESPONSE_TIME"] = "20" });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryV1Endpoint_AndItsPageIsServedLocally()
    {
        var (status, document, _) = await Gateway.GetAsync("/openapi/v1.json");

        Assert.Equal(200, status);
        var paths = document!["paths"]!.AsObject();
        Assert.Equal(["/api/v1/crawls", "/api/v1/crawls/{appid}/{crawlid}", "/api/v1/crawls/{appid}/{crawlid}/events", "/api/v1/dashboard", "/api/v1/dashboard/events",
            "/api/v1/domains/{domain}", "/api/v1/stats/{kind}", "/api/v1/topics/{topic}/messages"],
            paths.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.NotNull(paths["/api/v1/crawls/{appid}/{crawlid}"]!["delete"]);
        Assert.NotNull(paths["/api/v1/domains/{domain}"]!["put"]);

        var page = await Gateway.Http.GetStringAsync(new Uri("/openapi/index.html", UriKind.Relative));
        Assert.Contains("swagger-ui", page, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", page, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Domains_ArePutReadAndDeleted_InTheClusterConfiguration()
    {
        var (put, body, _) = await Gateway.SendAsync(Json(HttpMethod.Put, "/api/v1/domains/example.com", """{"window": 60, "hits": 10, "scale": 0.5, "blacklisted": true}"""));
        Assert.Equal(200, put);
        Assert.Equal(10, body!["data"]!["throttle"]!["hits"]!.GetValue<int>());

        var (_, read, _) = await Gateway.GetAsync("/api/v1/domains/example.com");
        Assert.True(read!["data"]!["blacklisted"]!.GetValue<bool>());
        Assert.Equal(60, read["data"]!["throttle"]!["window"]!.GetValue<int>());

        await using (var show = RunningProcess.StartCrawlCluster(_cluster.Environment, "config", "show"))
        {
            Assert.Equal(0, await show.WaitForExitAsync(Patience));
            Assert.Contains("example.com", show.AllText, StringComparison.Ordinal);
        }

        var (deleted, gone, _) = await Gateway.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/domains/example.com"));
        Assert.Equal(200, deleted);
        Assert.Null(gone!["data"]!["throttle"]);
        Assert.False(gone["data"]!["blacklisted"]!.GetValue<bool>());

        var (bad, refused, _) = await Gateway.SendAsync(Json(HttpMethod.Put, "/api/v1/domains/example.com", """{"window": -1, "hits": 10}"""));
        Assert.Equal(400, bad);
        Assert.Equal("window and hits must both be positive integers", refused!["error"]!["cause"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACrawl_IsFollowedByItsEventStream_ToCrawlComplete_AndItsStatusSaysFinished()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/robots.txt" => new LocalHttpResponse(404, []),
            "/" => LocalHttpResponse.Html(string.Concat(Enumerable.Range(1, 5).Select(i => $"<a href=\"/p{i}\">{i}</a>"))),
            _ => LocalHttpResponse.Html("leaf"),
        });
        var crawlerEnvironment = _cluster.Environment;
        crawlerEnvironment["QUEUE_HITS"] = "5";
        crawlerEnvironment["QUEUE_WINDOW"] = "1";
        await using var crawler = RunningProcess.StartCrawlCluster(crawlerEnvironment, "crawler");
        await crawler.WaitForLineAsync("Crawler link started", Patience);

        using var stream = await Gateway.Http.GetAsync(new Uri("/api/v1/crawls/testapp/sse1/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Equal(200, (await Gateway.PostAsync("/feed", $$"""{"url": "{{site.Url("/")}}", "appid": "testapp", "crawlid": "sse1", "maxdepth": 1}""")).Status);

        var events = new List<(string Name, JsonNode Data)>();
        using var timeout = new CancellationTokenSource(Patience);
        string? name = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name!, JsonNode.Parse(line["data: ".Length..])!));
            }
        }

        // The stream ended by itself after crawl_complete.
        var complete = Assert.Single(events, e => e.Name == "crawl_complete");
        Assert.Equal(6, complete.Data["pages"]!.GetValue<int>());
        var progress = events.Where(e => e.Name == "progress").Select(e => e.Data["done"]!.GetValue<long>()).ToList();
        Assert.True(progress.Count >= 2, "one progress event only");
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(6, progress[^1]);

        var (_, status, _) = await Gateway.GetAsync("/api/v1/crawls/testapp/sse1");
        Assert.True(status!["data"]!["finished"]!.GetValue<bool>());
        Assert.Equal(6, status["data"]!["done"]!.GetValue<long>());
    }

    [Fact]
    public async Task DeleteOfACrawl_StopsIt_AndStatsAreServed()
    {
        await Gateway.PostAsync("/feed", """{"url": "http://queued.test/a", "appid": "testapp", "crawlid": "tostop"}""");
        var deadline = DateTime.UtcNow + Patience;
        while ((await Gateway.GetAsync("/api/v1/crawls/testapp/tostop")).Body!["data"]!["pending"]!.GetValue<long>() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the crawl request was never queued");
            await Task.Delay(50);
        }

        var (_, crawls, _) = await Gateway.GetAsync("/api/v1/crawls?appid=testapp");
        Assert.Equal(1, Assert.Single(crawls!["data"]!["crawls"]!.AsArray(), c => c!["crawlid"]!.GetValue<string>() == "tostop")!["pending"]!.GetValue<long>());

        var (stopped, answer, _) = await Gateway.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/crawls/testapp/tostop"));
        Assert.Equal(200, stopped);
        Assert.Equal("stop", answer!["data"]!["action"]!.GetValue<string>());
        Assert.Equal(1, answer["data"]!["total_purged"]!.GetValue<int>());
        Assert.Equal(0, (await Gateway.GetAsync("/api/v1/crawls/testapp/tostop")).Body!["data"]!["pending"]!.GetValue<long>());

        var (ok, stats, _) = await Gateway.GetAsync("/api/v1/stats/queue");
        Assert.Equal(200, ok);
        Assert.Equal("queue", stats!["data"]!["stats"]!.GetValue<string>());
        Assert.Equal(404, (await Gateway.GetAsync("/api/v1/stats/bogus")).Status);
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, string json) =>
        new(method, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
}
