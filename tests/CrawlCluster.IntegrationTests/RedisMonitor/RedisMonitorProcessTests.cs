using System.Globalization;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Domains;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Jobs;
using CrawlCluster.Core.Keys;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CrawlCluster.IntegrationTests.RedisMonitor;

/// <summary>
/// <c>kafka-monitor feed</c> → <c>kafka-monitor run</c> → <c>redis-monitor</c> → <c>demo.outbound_firehose</c>, each
/// the built executable, on Redis Streams and on the Kafka mock: the original's API answered end to end.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class RedisMonitorProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Theory]
    [InlineData("redis")]
    [InlineData("kafka")]
    public async Task InfoStopStatsAndConfigRequests_FedByTheCli_AreAnsweredOnTheOutboundTopic(string platform)
    {
        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = platform,
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = _redis.Port.ToString(CultureInfo.InvariantCulture),
        };
        await using var broker = platform == "kafka" ? RunningProcess.StartCrawlCluster(null, "dev", "kafka-mock") : null;
        if (broker is not null)
        {
            // librdkafka's mock cluster: no durable broker to install, the real protocol.
            environment["KAFKA_HOSTS"] = (await broker.WaitForLineAsync("127.0.0.1:", Patience)).Trim();
            environment["KAFKA_CONSUMER_SESSION_TIMEOUT_MS"] = "6000";
            environment["KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS"] = "2000";
        }

        await using var kafkaMonitor = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run");
        await using var redisMonitor = RunningProcess.StartCrawlCluster(environment, "redis-monitor");
        await kafkaMonitor.WaitForLineAsync("Kafka Monitor reading demo.incoming", Patience);
        await redisMonitor.WaitForLineAsync("Redis Monitor started", Patience);
        string[] requests =
        [
            """{"url": "http://a.com", "appid": "testapp", "crawlid": "c1"}""",
            """{"action": "info", "appid": "testapp", "uuid": "u-info", "crawlid": "c1", "spiderid": "link"}""",
            """{"stats": "queue", "appid": "testapp", "uuid": "u-stats"}""",
            """{"action": "domain-update", "domain": "dmoz.org", "hits": 60, "window": 60, "scale": 0.9, "appid": "testapp", "uuid": "u-zk"}""",
            """{"action": "stop", "appid": "testapp", "uuid": "u-stop", "crawlid": "c1", "spiderid": "link"}""",
        ];

        foreach (var request in requests)
        {
            await using var feed = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "feed", request);
            Assert.Equal(0, await feed.WaitForExitAsync(Patience));
        }

        // Four answers, and the crawl's completion once the stop left nothing pending or in flight.
        await using var dump = RunningProcess.StartCrawlCluster(environment, "dump", "-t", "demo.outbound_firehose", "-b", "-n", "5");
        Assert.Equal(0, await dump.WaitForExitAsync(Patience));
        var messages = dump.Output.Select(l => JsonNode.Parse(l)!).ToList();
        var complete = Assert.Single(messages, m => m["action"]?.GetValue<string>() == "crawl_complete");
        Assert.Equal(("c1", 0), (complete["crawlid"]!.GetValue<string>(), complete["pages"]!.GetValue<int>()));
        var answers = messages.Where(m => m["uuid"] is not null).ToDictionary(a => a["uuid"]!.GetValue<string>());
        Assert.Equal(1, answers["u-info"]!["total_pending"]!.GetValue<int>());
        Assert.Equal(1, answers["u-stats"]!["queues"]!["total_backlog"]!.GetValue<int>());
        Assert.Equal("domain-update", answers["u-zk"]!["action"]!.GetValue<string>());
        Assert.Equal(1, answers["u-stop"]!["total_purged"]!.GetValue<int>());
        redisMonitor.Terminate();
        Assert.Equal(0, await redisMonitor.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task StopDuringACrawl_EndsThatCrawlOnly_TheOtherFinishes_EachAnnouncedComplete()
    {
        static string Links(string prefix, int count) => string.Concat(Enumerable.Range(1, count).Select(i => $"<a href=\"{prefix}{i}\">{i}</a>"));
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/robots.txt" => new LocalHttpResponse(404, []),
            "/a/" => LocalHttpResponse.Html(Links("/a/", 30)),
            "/b/" => LocalHttpResponse.Html(Links("/b/", 10)),
            _ => LocalHttpResponse.Html("leaf"),
        });
        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = "redis",
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = _redis.Port.ToString(CultureInfo.InvariantCulture),
            ["SCHEDULER_IP_ENABLED"] = "false",
            // Four pages a second, evenly spaced: slow enough that the stop lands mid-crawl even when starting the
            // feed process takes seconds on a loaded machine (at ten a second /a/ could be done before its stop).
            ["QUEUE_HITS"] = "4",
            ["QUEUE_WINDOW"] = "1",
            ["CRAWL_COMPLETE_QUIET"] = "1",
        };
        await using var kafkaMonitor = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run");
        await using var redisMonitor = RunningProcess.StartCrawlCluster(environment, "redis-monitor");
        await using var crawler = RunningProcess.StartCrawlCluster(environment, "crawler", "--concurrency", "2");
        await kafkaMonitor.WaitForLineAsync("Kafka Monitor reading demo.incoming", Patience);
        await redisMonitor.WaitForLineAsync("Redis Monitor started", Patience);
        await crawler.WaitForLineAsync("Crawler link started", Patience);
        foreach (var crawl in new[] { "b", "a" })
        {
            await using var feed = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "feed",
                $$"""{"url": "{{site.Url($"/{crawl}/")}}", "appid": "testapp", "crawlid": "{{crawl}}", "maxdepth": 1}""");
            Assert.Equal(0, await feed.WaitForExitAsync(Patience));
        }

        // A child of /a/ fetched: the others are queued (children are queued together), so the stop has some to purge.
        // Waiting on a request count alone could stop while /a/ itself was in flight and nothing of it queued.
        var deadline = DateTime.UtcNow + Patience;
        while (!site.Requests.Any(r => r.Path.StartsWith("/a/", StringComparison.Ordinal) && r.Path.Length > 3))
        {
            Assert.True(DateTime.UtcNow < deadline, "no child of /a/ was fetched");
            await site.WaitForRequestsAsync(site.Requests.Count + 1, Patience);
        }

        await using (var stop = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "feed",
            """{"action": "stop", "appid": "testapp", "uuid": "u-stop", "crawlid": "a", "spiderid": "link"}"""))
        {
            Assert.Equal(0, await stop.WaitForExitAsync(Patience));
        }

        // The monitor logs the answer once it is on the bus: from here on, no request of the stopped crawl is taken.
        await redisMonitor.WaitForLineAsync("Sent stop to kafka", Patience);
        var answeredAt = DateTimeOffset.UtcNow;
        await using var notices = RunningProcess.StartCrawlCluster(environment, "dump", "-t", "demo.outbound_firehose", "-b", "-n", "3");
        Assert.Equal(0, await notices.WaitForExitAsync(Patience));

        var messages = notices.Output.Select(l => JsonNode.Parse(l)!).ToList();
        Assert.True(Assert.Single(messages, m => m["uuid"]?.GetValue<string>() == "u-stop")["total_purged"]!.GetValue<int>() > 0);
        var complete = messages.Where(m => m["action"]?.GetValue<string>() == "crawl_complete")
            .ToDictionary(m => m["crawlid"]!.GetValue<string>(), m => m["pages"]!.GetValue<int>());
        var crawledA = site.Requests.Where(r => r.Path.StartsWith("/a/", StringComparison.Ordinal)).ToList();
        var crawledB = site.Requests.Where(r => r.Path.StartsWith("/b/", StringComparison.Ordinal)).Select(r => r.Path).ToList();
        // The other crawl is untouched: every page, once.
        Assert.Equal(new[] { "/b/" }.Concat(Enumerable.Range(1, 10).Select(i => $"/b/{i}")).Order(StringComparer.Ordinal), crawledB.Order(StringComparer.Ordinal));
        Assert.Equal(11, complete["b"]);
        // The stopped one: at most the two requests in flight when the answer came, nothing queued afterwards.
        Assert.True(crawledA.Count(r => r.At > answeredAt) <= 2, $"{crawledA.Count(r => r.At > answeredAt)} pages of the stopped crawl fetched after its stop was answered");
        Assert.True(crawledA.Count < 31, "the stopped crawl was crawled to the end");
        Assert.Equal(crawledA.Count, complete["a"]);
    }

    [Fact]
    public async Task MixedCluster_RequestsTheOriginalsKafkaMonitorQueued_AreCountedByInfoAndStatus_AndTheirCrawlEndsOnce()
    {
        await using var site = LocalHttpServer.Start(request => request.Path == "/robots.txt" ? new LocalHttpResponse(404, []) : LocalHttpResponse.Html("leaf"));
        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = "redis",
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = _redis.Port.ToString(CultureInfo.InvariantCulture),
            ["SCHEDULER_IP_ENABLED"] = "false",
            // One page a minute: the second request stays queued while the cluster is asked about it.
            ["QUEUE_HITS"] = "1",
            ["QUEUE_WINDOW"] = "60",
            ["CRAWL_COMPLETE_QUIET"] = "1",
        };
        // Two requests as the original's Python Kafka Monitor queues them: straight into the domain queue, score −priority,
        // no counters, no backlog, no ready index.
        var domain = DomainExtractor.Default.KeyOf(site.Url("/").ToString());
        foreach (var page in new[] { "/1", "/2" })
        {
            var member = $$"""{"url": "{{site.Url(page)}}", "appid": "testapp", "crawlid": "orig", "spiderid": "link", "priority": 1, "maxdepth": 0, "expires": 0, "ts": 1617812345.1234567}""";
            await _redis.Connection.GetDatabase().SortedSetAddAsync(RedisKeys.Queue("link", domain), member, -1);
        }

        await using var kafkaMonitor = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run");
        await using var redisMonitor = RunningProcess.StartCrawlCluster(environment, "redis-monitor");
        await using var crawler = RunningProcess.StartCrawlCluster(environment, "crawler", "--concurrency", "1");
        await kafkaMonitor.WaitForLineAsync("Kafka Monitor reading demo.incoming", Patience);
        await redisMonitor.WaitForLineAsync("Redis Monitor started", Patience);
        await crawler.WaitForLineAsync("Adopted 2 requests another program queued for link", Patience);
        await site.WaitForRequestsAsync(1, Patience);
        string[] requests =
        [
            """{"action": "info", "appid": "testapp", "uuid": "u-info", "crawlid": "orig", "spiderid": "link"}""",
            """{"action": "status", "appid": "testapp", "uuid": "u-status", "crawlid": "orig", "spiderid": "link"}""",
            """{"action": "stop", "appid": "testapp", "uuid": "u-stop", "crawlid": "orig", "spiderid": "link"}""",
        ];
        foreach (var request in requests)
        {
            await using var feed = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "feed", request);
            Assert.Equal(0, await feed.WaitForExitAsync(Patience));
            await redisMonitor.WaitForLineAsync($"Sent {JsonNode.Parse(request)!["action"]} to kafka", Patience);
        }

        await using var dump = RunningProcess.StartCrawlCluster(environment, "dump", "-t", "demo.outbound_firehose", "-b", "-n", "4");
        Assert.Equal(0, await dump.WaitForExitAsync(Patience));
        var messages = dump.Output.Select(l => JsonNode.Parse(l)!).ToList();
        var answers = messages.Where(m => m["uuid"] is not null).ToDictionary(a => a["uuid"]!.GetValue<string>());
        // The second request, counted though no process of ours queued it (the original's info would count it too).
        Assert.Equal(1, answers["u-info"]!["total_pending"]!.GetValue<int>());
        Assert.Equal("""{"total":1,"high_priority":1,"low_priority":1}""", answers["u-info"]!["domains"]![domain]!.ToJsonString());
        Assert.Equal(1, answers["u-status"]!["pending"]!.GetValue<int>());
        Assert.Equal(1, answers["u-stop"]!["total_purged"]!.GetValue<int>());
        var complete = Assert.Single(messages, m => m["action"]?.GetValue<string>() == "crawl_complete");
        Assert.Equal(("orig", 1), (complete["crawlid"]!.GetValue<string>(), complete["pages"]!.GetValue<int>()));
        Assert.Single(site.Requests, r => r.Path != "/robots.txt");
    }

    [Fact]
    public async Task MonitorKilledMidJob_ItsLockRunsOut_AnotherMonitorFinishesTheJob_AnsweredOnce()
    {
        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = "redis",
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = _redis.Port.ToString(CultureInfo.InvariantCulture),
            ["REDIS_LOCK_EXPIRATION"] = "2",
        };
        using var store = StorePorts.For(_redis.Connection);
        // A stop that takes seconds (200,000 requests to purge), so the kill lands while the first monitor holds it.
        var queue = store.GetRequiredService<IFrontierQueue>();
        for (var batch = 0; batch < 200; batch++)
        {
            await queue.PushAsync(Enumerable.Range(batch * 1_000, 1_000).Select(i => new FrontierPush("link", $"d{i % 100}.com",
                $$"""{"url":"http:\/\/d{{i % 100}}.com\/{{i}}","appid":"testapp","crawlid":"big","spiderid":"link","priority":1}""", 1)).ToList(), CancellationToken.None);
        }

        await using var first = RunningProcess.StartCrawlCluster(environment, "redis-monitor");
        await first.WaitForLineAsync("Redis Monitor started", Patience);
        await store.GetRequiredService<IJobBoard>().PostAsync("stop:link:testapp:big", "u-kill", CancellationToken.None);
        await first.WaitForLineAsync("Received stop request", Patience);
        first.Kill();
        await first.WaitForExitAsync(Patience);
        Assert.DoesNotContain("Sent stop", first.AllText, StringComparison.Ordinal);

        await using var second = RunningProcess.StartCrawlCluster(environment, "redis-monitor");
        await using var dump = RunningProcess.StartCrawlCluster(environment, "dump", "-t", "demo.outbound_firehose", "-b", "-n", "1");
        Assert.Equal(0, await dump.WaitForExitAsync(Patience));

        var answer = JsonNode.Parse(Assert.Single(dump.Output))!;
        Assert.Equal(("u-kill", "testapp"), (answer["uuid"]!.GetValue<string>(), answer["appid"]!.GetValue<string>()));
        Assert.Contains("Received stop request", second.AllText, StringComparison.Ordinal);
        // Every request of the crawl is gone from the queues, whichever monitor removed it.
        Assert.Equal(0, (await store.GetRequiredService<ICrawlLedger>().QueuesAsync(CancellationToken.None)).Sum(q => q.Backlog));
        // The job is deleted just after its answer is sent, by another process: look until it is gone (bounded).
        using var deadline = new CancellationTokenSource(Patience);
        while ((await store.GetRequiredService<IJobBoard>().PendingAsync(CancellationToken.None)).Count > 0)
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
