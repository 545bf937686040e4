using System.Text;
using System.Text.Json.Nodes;
using CrawlCluster.TestSupport;

namespace CrawlCluster.IntegrationTests.Rest;

/// <summary>
/// <c>crawlcluster rest</c> as built, in front of the built Kafka Monitor and Redis Monitor on Redis Streams: the
/// original's documented requests answered through <c>/feed</c> and <c>/poll</c>, and its error table.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class RestGatewayTests : IAsyncLifetime
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
    public async Task Index_ReportsConnectionsUptimeAndNodeId_Green()
    {
        var (status, body, _) = await Gateway.GetAsync("/");

        Assert.Equal(200, status);
        Assert.True(body!["kafka_connected"]!.GetValue<bool>());
        Assert.True(body["redis_connected"]!.GetValue<bool>());
        Assert.Equal("GREEN", body["node_health"]!.GetValue<string>());
        Assert.Equal(12, body["my_id"]!.GetValue<string>().Length);
        Assert.True(body["uptime_sec"]!.GetValue<long>() >= 0);
        Assert.Equal(1, (await Gateway.PostAsync("/", "{}")).Status / 200);
    }

    [Fact]
    public async Task Feed_ACrawlRequest_IsQueued_AndAnsweredWithNullData_ThenInfoCountsIt()
    {
        var (status, body, _) = await Gateway.PostAsync("/feed", """{"url": "http://gateway.test/a", "appid": "testapp", "crawlid": "abc123"}""");
        Assert.Equal(200, status);
        Assert.Equal("""{"data":null,"error":null,"status":"SUCCESS"}""", body!.ToJsonString());

        // The original's info example: the request just fed is pending in its domain's queue.
        var info = await WaitForAsync(async () =>
        {
            var (_, answer, _) = await Gateway.PostAsync("/feed", """{"action": "info", "appid": "testapp", "uuid": "info-1", "crawlid": "abc123", "spiderid": "link"}""");
            return answer!["data"]!["total_pending"]!.GetValue<int>() == 1 ? answer : null;
        });
        Assert.Equal("SUCCESS", info["status"]!.GetValue<string>());
        var data = info["data"]!;
        Assert.Equal(("info-1", "testapp", "abc123", "link"), (data["uuid"]!.GetValue<string>(), data["appid"]!.GetValue<string>(),
            data["crawlid"]!.GetValue<string>(), data["spiderid"]!.GetValue<string>()));
        Assert.Equal(1, data["total_domains"]!.GetValue<int>());
        Assert.Equal(1, Assert.Single(data["domains"]!.AsObject()).Value!["total"]!.GetValue<int>());
        Assert.NotNull(data["server_time"]);
    }

    [Fact]
    public async Task Feed_StopAndStats_AreAnsweredInTheOriginalShapes()
    {
        await Gateway.PostAsync("/feed", """{"url": "http://stop.test/a", "appid": "testapp", "crawlid": "tostop"}""");

        var stop = await WaitForAsync(async () =>
        {
            var (_, answer, _) = await Gateway.PostAsync("/feed", """{"action": "stop", "appid": "testapp", "uuid": "stop-1", "crawlid": "tostop", "spiderid": "link"}""");
            return answer;
        });
        Assert.Equal("stop-1", stop["data"]!["uuid"]!.GetValue<string>());
        Assert.Equal("stop", stop["data"]!["action"]!.GetValue<string>());
        Assert.NotNull(stop["data"]!["total_purged"]);

        var (status, stats, _) = await Gateway.PostAsync("/feed", """{"stats": "kafka-monitor", "appid": "testapp", "uuid": "stats-1"}""");
        Assert.Equal(200, status);
        Assert.Equal("stats-1", stats!["data"]!["uuid"]!.GetValue<string>());
        Assert.Equal("kafka-monitor", stats["data"]!["stats"]!.GetValue<string>());
        Assert.NotNull(stats["data"]!["nodes"]); // the Kafka Monitor's heartbeat
    }

    [Fact]
    public async Task Poll_HandsOutAnAnswerThatCameAfterFeedStoppedWaiting_Once()
    {
        await using var impatient = await GatewayCluster.StartAsync(_redis, settings: new Dictionary<string, string> { ["WAIT_FOR_RESPONSE_TIME"] = "0" }, monitors: false);
        var gateway = impatient.Gateways[0];

        var (_, fed, _) = await gateway.PostAsync("/feed", """{"stats": "queue", "appid": "testapp", "uuid": "late-1"}""");
        Assert.Equal("""{"data":{"poll_id":"late-1"},"error":null,"status":"SUCCESS"}""", fed!.ToJsonString());

        var polled = await WaitForAsync(async () =>
        {
            var (status, body, _) = await gateway.PostAsync("/poll", """{"poll_id": "late-1"}""");
            return status == 200 ? body : null;
        });
        Assert.Equal("late-1", polled["data"]!["uuid"]!.GetValue<string>());
        Assert.Equal("queue", polled["data"]!["stats"]!.GetValue<string>());

        var (again, body2, _) = await gateway.PostAsync("/poll", """{"poll_id": "late-1"}""");
        Assert.Equal(404, again);
        Assert.Equal("Could not find matching poll_id", body2!["error"]!["message"]!.GetValue<string>());

        // Kept with a time to live, not forever as in the original.
        await gateway.PostAsync("/feed", """{"stats": "queue", "appid": "testapp", "uuid": "late-2"}""");
        await WaitForAsync(async () => await _redis.Connection.GetDatabase().KeyExistsAsync("rest:poll:late-2") ? new JsonObject() : null);
        var ttl = await _redis.Connection.GetDatabase().KeyTimeToLiveAsync("rest:poll:late-2");
        Assert.InRange(ttl!.Value.TotalSeconds, 3000, 3600);
    }

    [Theory]
    [InlineData("/feed", "not json", "application/json", 400, "The payload must be valid JSON.", null)]
    [InlineData("/feed", """{"url": "http://a.test"}""", "text/plain", 400, "The payload must be valid JSON.", null)]
    [InlineData("/feed", """{"url": "http://a.test", "appid": "testapp", "crawlid": "x", "otherkey": 1}""", "application/json", 400,
        "JSON did not validate against schema.", "'otherkey' is not a field of this request")]
    [InlineData("/feed", """{"url": "http://a.test", "appid": "testapp", "crawlid": "x", "deny_regex": ["\\.pdf$", "["]}""", "application/json", 400,
        "JSON did not validate against schema.", "deny_regex '[' cannot be used: Invalid pattern '[' at offset 1")]
    [InlineData("/poll", """{"poll_id": "x", "otherkey": 1}""", "application/json", 400, "JSON did not validate against schema.",
        "Additional properties are not allowed ('otherkey' was unexpected)")]
    [InlineData("/poll", "{}", "application/json", 400, "JSON did not validate against schema.", "'poll_id' is a required property")]
    [InlineData("/poll", """{"poll_id": "nothing-here"}""", "application/json", 404, "Could not find matching poll_id", null)]
    [InlineData("/nowhere", "{}", "application/json", 404, "The desired endpoint does not exist", null)]
    public async Task ErrorTable_IsAnsweredInTheEnvelope(string path, string body, string contentType, int status, string message, string? cause)
    {
        var (code, answer, _) = await Gateway.PostAsync(path, body, contentType);

        Assert.Equal(status, code);
        Assert.Equal("FAILURE", answer!["status"]!.GetValue<string>());
        Assert.Null(answer["data"]);
        Assert.Equal(message, answer["error"]!["message"]!.GetValue<string>());
        if (cause is not null)
        {
            Assert.Contains(cause, answer["error"]!["cause"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/feed")]
    [InlineData("/poll")]
    [InlineData("/anything/else")]
    public async Task Get_OfAnUnknownEndpoint_Is404InTheEnvelope(string path)
    {
        var (status, body, _) = await Gateway.GetAsync(path);

        Assert.Equal(404, status);
        Assert.Equal("The desired endpoint does not exist", body!["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task HostileBodies_Get400_AndTheGatewayStaysUp()
    {
        byte[][] bodies =
        [
            [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d], // {"a":"<bad UTF-8>"}
            Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000)),
            Encoding.UTF8.GetBytes("{\"a\": 1"),
            [],
        ];
        foreach (var body in bodies)
        {
            var (status, answer, _) = await Gateway.PostBytesAsync("/feed", body);
            Assert.Equal(400, status);
            Assert.Equal("The payload must be valid JSON.", answer!["error"]!["message"]!.GetValue<string>());
        }

        // A client sending a large body asks first (Expect: 100-continue, as curl does above 1 MiB): the gateway's 413
        // then comes before the body is sent, instead of a connection closed under a body still being written.
        using var huge = new HttpRequestMessage(HttpMethod.Post, "/feed")
        {
            Content = new StringContent("\"" + new string('a', 2 * 1024 * 1024) + "\"", Encoding.UTF8, "application/json"),
            Headers = { ExpectContinue = true },
        };
        var (large, tooLarge, _) = await Gateway.SendAsync(huge);
        Assert.Equal(413, large);
        Assert.Contains("REST_MAX_BODY", tooLarge!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(200, (await Gateway.GetAsync("/")).Status);
        Assert.False(Gateway.Process.HasExited);
    }

    [Fact]
    public async Task AStoredAnswerThatIsNotJson_Is500_Unparseable()
    {
        await _redis.Connection.GetDatabase().StringSetAsync("rest:poll:broken", "{not json");

        var (status, body, _) = await Gateway.PostAsync("/poll", """{"poll_id": "broken"}""");

        Assert.Equal(500, status);
        Assert.Equal("Unparseable JSON Received from redis", body!["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task WithTheStoreAndBusDown_FeedAndPollAre500_Health503_AndTheGatewayRecovers()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await GatewayCluster.StartAsync(redis, settings: new Dictionary<string, string> { ["KAFKA_FEED_TIMEOUT"] = "3" }, monitors: false);
        var gateway = cluster.Gateways[0];

        redis.Stop();

        var (feed, fed, _) = await gateway.PostAsync("/feed", """{"url": "http://down.test/", "appid": "testapp", "crawlid": "down"}""");
        Assert.Equal(500, feed);
        Assert.Equal("Unable to connect to Kafka", fed!["error"]!["message"]!.GetValue<string>());
        var (poll, polled, _) = await gateway.PostAsync("/poll", """{"poll_id": "x"}""");
        Assert.Equal(500, poll);
        Assert.Equal("Unable to connect to Redis", polled!["error"]!["message"]!.GetValue<string>());
        Assert.Equal(503, (await gateway.GetAsync("/health")).Status);
        var (_, index, _) = await gateway.GetAsync("/");
        Assert.False(index!["redis_connected"]!.GetValue<bool>());

        await redis.RestartAsync();
        var deadline = DateTime.UtcNow + Patience;
        while ((await gateway.PostAsync("/feed", """{"url": "http://down.test/", "appid": "testapp", "crawlid": "down"}""")).Status != 200)
        {
            Assert.True(DateTime.UtcNow < deadline, "the gateway did not recover");
            await Task.Delay(200);
        }

        Assert.False(gateway.Process.HasExited);
    }

    [Fact]
    public async Task Health_IsServed()
    {
        var (status, _, response) = await Gateway.GetAsync("/health");

        Assert.Equal(200, status);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonNode> WaitForAsync(Func<Task<JsonNode?>> attempt)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await attempt() is { } result)
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(100);
        }
    }
}
