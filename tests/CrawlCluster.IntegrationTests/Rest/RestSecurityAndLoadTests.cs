using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CrawlCluster.TestSupport;

namespace CrawlCluster.IntegrationTests.Rest;

/// <summary>The gateway's guards (API key, body limit, rate limit, CORS, exposure warning), a load of waiting callers, two instances.</summary>
[Trait("Kind", "Integration")]
public sealed class RestSecurityAndLoadTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task ApiKey_IsRequiredEverywhereButIndexAndHealth_AsHeaderOrBearer()
    {
        await using var cluster = await GatewayCluster.StartAsync(_redis, settings: new Dictionary<string, string> { ["REST_API_KEY"] = "s3cret-key" }, monitors: false);
        var gateway = cluster.Gateways[0];
        const string Crawl = """{"url": "http://key.test/", "appid": "testapp", "crawlid": "k1"}""";

        var (refused, body, response) = await gateway.PostAsync("/feed", Crawl);
        Assert.Equal(401, refused);
        Assert.Equal("FAILURE", body!["status"]!.GetValue<string>());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(401, (await gateway.SendAsync(WithHeader(Crawl, "X-Api-Key", "wrong"))).Status);

        Assert.Equal(200, (await gateway.SendAsync(WithHeader(Crawl, "X-Api-Key", "s3cret-key"))).Status);
        Assert.Equal(200, (await gateway.SendAsync(WithHeader(Crawl, "Authorization", "Bearer s3cret-key"))).Status);
        Assert.Equal(200, (await gateway.GetAsync("/")).Status);
        Assert.Equal(200, (await gateway.GetAsync("/health")).Status);
        Assert.DoesNotContain("s3cret-key", gateway.Process.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_IsRequiredByEveryOperationOfTheOpenApiDocument_AndTheDashboardsData()
    {
        await using var cluster = await GatewayCluster.StartAsync(_redis, settings: new Dictionary<string, string> { ["REST_API_KEY"] = "s3cret-key" }, monitors: false);
        var gateway = cluster.Gateways[0];
        var document = await gateway.SendAsync(WithKey(new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json")));
        Assert.Equal(200, document.Status);

        var operations = document.Body!["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Method: op.Key.ToUpperInvariant(), Path: path.Key)))
            .Where(op => op.Path is not ("/" or "/health"))
            .Concat([(Method: "POST", Path: "/feed"), (Method: "POST", Path: "/poll")]) // the original's endpoints, outside the versioned document
            .ToList();
        Assert.True(operations.Any(op => op.Path.StartsWith("/api/v1/dashboard", StringComparison.Ordinal)), string.Join(", ", operations));
        foreach (var (method, path) in operations)
        {
            var concrete = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", "x");
            using var request = new HttpRequestMessage(new HttpMethod(method), concrete);
            if (method is "POST" or "PUT")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            Assert.True((await gateway.SendAsync(request)).Status == 401, $"{method} {concrete} answered without the API key");
        }
    }

    private static HttpRequestMessage WithKey(HttpRequestMessage request)
    {
        request.Headers.Add("X-Api-Key", "s3cret-key");
        return request;
    }

    [Fact]
    public async Task BodyLimit_RateLimit_AndCors_AreEnforced()
    {
        await using var cluster = await GatewayCluster.StartAsync(_redis, settings: new Dictionary<string, string>
        {
            ["REST_MAX_BODY"] = "2048", ["REST_RATE_LIMIT"] = "5", ["REST_CORS_ORIGINS"] = "http://app.test",
        }, monitors: false);
        var gateway = cluster.Gateways[0];

        var (status, body, _) = await gateway.PostAsync("/feed", "\"" + new string('a', 4096) + "\"");
        Assert.Equal(413, status);
        Assert.Equal("FAILURE", body!["status"]!.GetValue<string>());

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => gateway.GetAsync("/")));
        var limited = answers.Where(a => a.Status == 429).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, a => Assert.Equal("1", a.Response.Headers.GetValues("Retry-After").Single()));
        Assert.Contains("REST_RATE_LIMIT", limited[0].Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        await WaitForRateWindowAsync(gateway);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/feed")
        {
            Headers = { { "Origin", "http://app.test" }, { "Access-Control-Request-Method", "POST" } },
        };
        var (_, _, allowed) = await gateway.SendAsync(preflight);
        Assert.Equal("http://app.test", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        await WaitForRateWindowAsync(gateway);
        using var other = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { { "Origin", "http://evil.test" } } };
        var (_, _, refusedOrigin) = await gateway.SendAsync(other);
        Assert.False(refusedOrigin.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task WithoutCorsOrigins_NoCorsHeaders()
    {
        await using var cluster = await GatewayCluster.StartAsync(_redis, monitors: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { { "Origin", "http://app.test" } } };

        var (_, _, response) = await cluster.Gateways[0].SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ListeningBeyondLoopbackWithoutAKey_IsWarnedLoudly()
    {
        await using var cluster = await GatewayCluster.StartAsync(_redis, settings: new Dictionary<string, string> { ["REST_HOST"] = "0.0.0.0" }, monitors: false);

        Assert.Contains("reachable from other machines, and REST_API_KEY is not set", cluster.Gateways[0].Process.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AThousandConcurrentFeeds_EachGetsItsOwnAnswer_NoneLost()
    {
        await using var cluster = await GatewayCluster.StartAsync(_redis, settings: new Dictionary<string, string> { ["WAIT_FOR_RESPONSE_TIME"] = "60" });
        var gateway = cluster.Gateways[0];
        gateway.Http.DefaultRequestHeaders.ConnectionClose = false;

        // Info requests, one crawl each: each has its own job key (a stats request's key is per stats and appid, so
        // concurrent ones for one appid overwrite each other in the original's contract).
        var answers = await Task.WhenAll(Enumerable.Range(0, 1000).Select(async i =>
        {
            var (status, body, _) = await gateway.PostAsync("/feed", Info($"load-{i}", $"crawl-{i}"));
            return (Index: i, Status: status, Body: body);
        }));

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.All(answers, a => Assert.Equal($"load-{a.Index}", a.Body!["data"]!["uuid"]!.GetValue<string>()));
        Assert.All(answers, a => Assert.Equal($"crawl-{a.Index}", a.Body!["data"]!["crawlid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TwoGateways_EachCallerGetsItsAnswer_AndEitherServesAPoll()
    {
        await using var cluster = await GatewayCluster.StartAsync(_redis, gateways: 2, settings: new Dictionary<string, string> { ["WAIT_FOR_RESPONSE_TIME"] = "30" });
        var (first, second) = (cluster.Gateways[0], cluster.Gateways[1]);

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            var gateway = i % 2 == 0 ? first : second;
            var (_, body, _) = await gateway.PostAsync("/feed", Info($"two-{i}", $"crawl-{i}"));
            return (Uuid: $"two-{i}", Body: body);
        }));
        Assert.All(answers, a => Assert.Equal(a.Uuid, a.Body!["data"]!["uuid"]!.GetValue<string>()));

        // Both heartbeats are counted by the Redis Monitor's rest stats.
        var (_, stats, _) = await first.PostAsync("/feed", """{"stats": "rest", "appid": "testapp", "uuid": "rest-nodes"}""");
        Assert.Equal(2, stats!["data"]!["nodes"]!.AsObject().Sum(n => n.Value!.AsArray().Count));

        // An answer the first instance stopped waiting for is served by the second.
        await using var impatient = await GatewayCluster.StartAsync(_redis, settings: new Dictionary<string, string> { ["WAIT_FOR_RESPONSE_TIME"] = "0" }, monitors: false);
        var (_, fed, _) = await impatient.Gateways[0].PostAsync("/feed", """{"stats": "rest", "appid": "testapp", "uuid": "handover"}""");
        Assert.Equal("handover", fed!["data"]!["poll_id"]!.GetValue<string>());
        var deadline = DateTime.UtcNow + GatewayCluster.Patience;
        JsonNode? polled;
        while (true)
        {
            var (code, body, _) = await second.PostAsync("/poll", """{"poll_id": "handover"}""");
            if (code == 200)
            {
                polled = body;
                break;
            }

            Assert.Equal(404, code);
            Assert.True(DateTime.UtcNow < deadline, "the answer never reached the poll store");
            await Task.Delay(50);
        }

        Assert.Equal("handover", polled!["data"]!["uuid"]!.GetValue<string>());
    }

    private static string Info(string uuid, string crawlId) =>
        $$"""{"action": "info", "appid": "testapp", "uuid": "{{uuid}}", "crawlid": "{{crawlId}}", "spiderid": "link"}""";

    private static HttpRequestMessage WithHeader(string json, string name, string value) =>
        new(HttpMethod.Post, "/feed")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            Headers = { { name, value } },
        };

    // The rate limit's window is one second: wait until a request gets through again.
    private static async Task WaitForRateWindowAsync(GatewayCluster.Gateway gateway)
    {
        var deadline = DateTime.UtcNow + GatewayCluster.Patience;
        while ((await gateway.GetAsync("/health")).Status == 429)
        {
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(200);
        }
    }
}
