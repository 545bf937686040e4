using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Domains;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Stats;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Engine;
using CrawlCluster.Crawler.Middleware;
using CrawlCluster.Crawler.Pipelines;
using CrawlCluster.Crawler.Scheduling;
using CrawlCluster.Crawler.Spiders;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Memory;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace CrawlCluster.Crawler.Tests.Engine;

/// <summary>The crawl engine on a real redis-server, the in-memory bus and a local site.</summary>
[Trait("Kind", "Integration")]
public sealed class CrawlEngineTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Crawl_FollowsLinksToMaxDepth_PublishesEachPageOnce_AndFinishes()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/" => LocalHttpResponse.Html("""<a href="/a">A</a> <a href="/b">B</a> <a href="/logo.png">img</a> <a href="http://elsewhere.test/">out</a>"""),
            "/a" => LocalHttpResponse.Html("""<a href="/">home</a> <a href="/b">B again</a> <a href="/deep">deep</a>"""),
            "/b" => LocalHttpResponse.Html("""<a href="/a#x">A</a>"""),
            "/deep" => LocalHttpResponse.Html("""<a href="/deeper">deeper</a>"""),
            _ => new LocalHttpResponse(404, []),
        });
        await using var crawl = await Running.StartAsync(_redis, site);

        await crawl.SeedAsync(site.Url("/"), maxDepth: 2, allowedDomains: ["127.0.0.1"]);
        var pages = await crawl.ReadPagesAsync(4);

        Assert.Equal(["/", "/a", "/b", "/deep"], pages.Select(p => new Uri(p["url"]!.GetValue<string>()).AbsolutePath).Order());
        var home = pages.Single(p => p["url"]!.GetValue<string>() == site.Url("/").AbsoluteUri);
        Assert.Equal([site.Url("/a").AbsoluteUri, site.Url("/b").AbsoluteUri], home["links"]!.AsArray().Select(l => l!["url"]!.GetValue<string>()));
        Assert.Equal(200, home["status_code"]!.GetValue<int>());
        Assert.Equal("testapp", home["appid"]!.GetValue<string>());
        Assert.Empty(pages.Single(p => p["url"]!.GetValue<string>().EndsWith("/deep", StringComparison.Ordinal))["links"]!.AsArray());
        Assert.Equal(new CrawlCounts(0, 0, 4, 0), await crawl.CountsAsync());
        Assert.DoesNotContain(site.Requests, r => r.Path is "/deeper" or "/logo.png");
        Assert.Single(site.Requests, r => r.Path == "/");
    }

    [Fact]
    public async Task ServerErrors_AreRetried_ThenThePageIsPublished()
    {
        var calls = 0;
        await using var site = LocalHttpServer.Start(request => request.Path == "/robots.txt" ? new LocalHttpResponse(404, [])
            : Interlocked.Increment(ref calls) <= 2 ? new LocalHttpResponse(503, []) : LocalHttpResponse.Html("finally"));
        await using var crawl = await Running.StartAsync(_redis, site);

        await crawl.SeedAsync(site.Url("/"));
        var page = Assert.Single(await crawl.ReadPagesAsync(1));

        Assert.Equal(200, page["status_code"]!.GetValue<int>());
        Assert.Equal("finally", page["body"]!.GetValue<string>());
        Assert.Equal(3, site.Requests.Count(r => r.Path == "/"));
        Assert.Equal(2, (int)await _redis.Connection.GetDatabase().HashGetAsync(CrawlClusterKeys.CrawlCounters("link", "testapp", "c1"), "retried"));
    }

    [Fact]
    public async Task StoppedCrawl_IsNotFetched()
    {
        await using var site = LocalHttpServer.Start(_ => LocalHttpResponse.Html("never"));
        await using var crawl = await Running.StartAsync(_redis, site, start: false);
        await _redis.Connection.GetDatabase().SetAddAsync(RedisKeys.CrawlBlacklist("link"), RedisKeys.CrawlBlacklistMember("testapp", "c1"));
        await crawl.SeedAsync(site.Url("/"));

        await crawl.StartCrawlerAsync();
        await crawl.WaitUntilFinishedAsync();

        Assert.Empty(site.Requests);
        Assert.Equal(new CrawlCounts(0, 0, 0, 1), await crawl.CountsAsync());
    }

    [Fact]
    public async Task RetryAfter_SlowsTheWholeClusterOnTheDomain()
    {
        var calls = 0;
        await using var site = LocalHttpServer.Start(request => request.Path == "/robots.txt" ? new LocalHttpResponse(404, [])
            : Interlocked.Increment(ref calls) == 1 ? new LocalHttpResponse(429, [], new Dictionary<string, string> { ["Retry-After"] = "2" })
            : LocalHttpResponse.Html("ok"));
        await using var crawl = await Running.StartAsync(_redis, site);

        await crawl.SeedAsync(site.Url("/"));
        var page = Assert.Single(await crawl.ReadPagesAsync(1));

        Assert.Equal(200, page["status_code"]!.GetValue<int>());
        var tries = site.Requests.Where(r => r.Path == "/").ToList();
        Assert.Equal(2, tries.Count);
        Assert.True(tries[1].At - tries[0].At >= TimeSpan.FromSeconds(1.5), $"retried after {tries[1].At - tries[0].At}");
    }

    [Fact]
    public async Task BlacklistedDomain_IsSetAside_UntilTheClusterConfigTakesItOff()
    {
        await using var site = LocalHttpServer.Start(_ => LocalHttpResponse.Html("ok"));
        var config = StorePorts.For(_redis.Connection).GetRequiredService<Core.DomainConfig.IDomainConfigStore>();
        await config.UpdateAsync(_ => Core.DomainConfig.ClusterDomainConfig.Empty.WithBlacklisted("127.0.0.1"), CancellationToken.None);
        await using var crawl = await Running.StartAsync(_redis, site);

        await crawl.SeedAsync(site.Url("/"));
        await crawl.WaitForLeaseEndedAsync();
        Assert.Empty(site.Requests);
        Assert.Equal(1, (await crawl.CountsAsync()).Pending);

        await config.UpdateAsync(_ => Core.DomainConfig.ClusterDomainConfig.Empty, CancellationToken.None);
        Assert.Single(await crawl.ReadPagesAsync(1));
    }

    [Fact]
    public async Task RobotsCrawlDelay_SpacesTheDomainsPages()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/robots.txt" => new LocalHttpResponse(200, System.Text.Encoding.UTF8.GetBytes("User-agent: *\nCrawl-delay: 1\n")),
            "/" => LocalHttpResponse.Html("""<a href="/a">a</a><a href="/b">b</a>"""),
            _ => LocalHttpResponse.Html("leaf"),
        });
        await using var crawl = await Running.StartAsync(_redis, site);

        await crawl.SeedAsync(site.Url("/"), maxDepth: 1);
        await crawl.ReadPagesAsync(3);

        var pages = site.Requests.Where(r => r.Path != "/robots.txt").OrderBy(r => r.At).ToList();
        Assert.Equal(3, pages.Count);
        Assert.True(pages[2].At - pages[1].At >= TimeSpan.FromSeconds(0.9), $"two pages {pages[2].At - pages[1].At} apart");
    }

    [Fact]
    public async Task ConcurrentRequestsPerDomain_BoundsTheDownloadsOfOneDomainAtOnce()
    {
        var active = 0;
        var most = 0;
        await using var site = LocalHttpServer.Start(request =>
        {
            if (request.Path is "/" or "/robots.txt")
            {
                return request.Path == "/" ? LocalHttpResponse.Html("""<a href="/a">a</a><a href="/b">b</a><a href="/c">c</a>""") : new LocalHttpResponse(404, []);
            }

            var now = Interlocked.Increment(ref active);
            InterlockedMax(ref most, now);
            Thread.Sleep(300);
            Interlocked.Decrement(ref active);
            return LocalHttpResponse.Html("leaf");
        });
        await using var crawl = await Running.StartAsync(_redis, site, downloader: o => o.ConcurrentRequestsPerDomain = 1);

        await crawl.SeedAsync(site.Url("/"), maxDepth: 1);
        await crawl.ReadPagesAsync(4);

        Assert.Equal(1, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [Fact]
    public async Task RobotsTxt_IsObeyed_AndFetchedOncePerSite()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/robots.txt" => new LocalHttpResponse(200, System.Text.Encoding.UTF8.GetBytes("User-agent: *\nDisallow: /private\n")),
            "/" => LocalHttpResponse.Html("""<a href="/open">open</a><a href="/private/page">private</a><a href="/private-too">too</a>"""),
            _ => LocalHttpResponse.Html("page"),
        });
        await using var crawl = await Running.StartAsync(_redis, site);

        await crawl.SeedAsync(site.Url("/"), maxDepth: 1);
        var pages = await crawl.ReadPagesAsync(2);

        Assert.Equal(["/", "/open"], pages.Select(p => new Uri(p["url"]!.GetValue<string>()).AbsolutePath).Order());
        Assert.DoesNotContain(site.Requests, r => r.Path.StartsWith("/private", StringComparison.Ordinal));
        Assert.Single(site.Requests, r => r.Path == "/robots.txt");
        Assert.Equal(new CrawlCounts(0, 0, 2, 2), await crawl.CountsAsync());
    }

    [Fact]
    public async Task GracefulStop_ReturnsTheRequestInFlightToItsQueue()
    {
        await using var site = LocalHttpServer.Start(request => request.Path == "/robots.txt" ? new LocalHttpResponse(404, []) : new LocalHttpResponse(200, [], Hang: true));
        await using var crawl = await Running.StartAsync(_redis, site);

        await crawl.SeedAsync(site.Url("/"));
        await site.WaitForRequestsAsync(2, Patience);
        await crawl.StopAsync();

        Assert.Equal(new CrawlCounts(1, 0, 0, 0), await crawl.CountsAsync());
        Assert.Equal(1, await _redis.Connection.GetDatabase().SortedSetLengthAsync(RedisKeys.Queue("link", "127.0.0.1.")));
    }

    [Fact]
    public async Task PublishingFails_TheLeaseIsNotAcknowledged_AndThePageIsCrawledAgainAndPublished()
    {
        await using var site = LocalHttpServer.Start(request => request.Path == "/robots.txt" ? new LocalHttpResponse(404, []) : LocalHttpResponse.Html("kept"));
        FaultyBus faulty = null!;
        await using var crawl = await Running.StartAsync(_redis, site, downloader: d => d.TimeoutSeconds = 1, bus: b => faulty = new FaultyBus(b));
        faulty.FailNext(1);

        await crawl.SeedAsync(site.Url("/"));
        var page = Assert.Single(await crawl.ReadPagesAsync(1));

        // Fetched, refused by the bus, left unacknowledged; its lease ran out and it was fetched and published again.
        Assert.Equal("kept", page["body"]!.GetValue<string>());
        Assert.Equal(2, site.Requests.Count(r => r.Path == "/"));
        Assert.Equal(2, faulty.Attempts);
        Assert.Equal(new CrawlCounts(0, 0, 1, 0), await crawl.CountsAsync());
    }

    [Fact]
    public async Task PublishingHangs_IsGivenUpAfterTheDownloadTimeout_AndThePageIsCrawledAgainAndPublished()
    {
        await using var site = LocalHttpServer.Start(request => request.Path == "/robots.txt" ? new LocalHttpResponse(404, []) : LocalHttpResponse.Html("kept"));
        FaultyBus faulty = null!;
        await using var crawl = await Running.StartAsync(_redis, site, downloader: d => d.TimeoutSeconds = 1, bus: b => faulty = new FaultyBus(b));
        faulty.HangNext(1);

        await crawl.SeedAsync(site.Url("/"));
        var page = Assert.Single(await crawl.ReadPagesAsync(1));

        Assert.Equal("kept", page["body"]!.GetValue<string>());
        Assert.Equal(2, site.Requests.Count(r => r.Path == "/"));
        Assert.Contains(crawl.Logger.Entries, e => e.Message.Contains("took longer than DOWNLOAD_TIMEOUT (1 s)", StringComparison.Ordinal));
        Assert.Equal(new CrawlCounts(0, 0, 1, 0), await crawl.CountsAsync());
    }

    [Fact]
    public async Task StoreFailsBetweenTheDupefilterAndThePush_TheNextCrawlOfThePageQueuesItsChildren_NoneLost()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/robots.txt" => new LocalHttpResponse(404, []),
            "/" => LocalHttpResponse.Html("""<a href="/a">A</a> <a href="/b">B</a>"""),
            _ => LocalHttpResponse.Html("leaf"),
        });
        var queue = new FailingFirstPush(StorePorts.For(_redis.Connection).GetRequiredService<IFrontierQueue>());
        await using var crawl = await Running.StartAsync(_redis, site, downloader: d => d.TimeoutSeconds = 1,
            replace: services => services.AddSingleton<IFrontierQueue>(queue));

        await crawl.SeedAsync(site.Url("/"), maxDepth: 1);
        var pages = await crawl.ReadPagesAsync(3);

        // The children were marked seen, their push failed, the page's lease ran out: crawled again, it queued them.
        Assert.Equal(["/", "/a", "/b"], pages.Select(p => new Uri(p["url"]!.GetValue<string>()).AbsolutePath).Order());
        Assert.Equal(2, site.Requests.Count(r => r.Path == "/"));
        Assert.Equal(1, queue.Failed);
        Assert.Equal(new CrawlCounts(0, 0, 3, 0), await crawl.CountsAsync());
        Assert.Empty(await _redis.Connection.GetServer(_redis.EndPoint).KeysAsync(pattern: "cc:dupeattempt:*").ToListAsync());
    }

    /// <summary>The frontier as if the store went away right after the dupefilter check: the first push of children fails.</summary>
    private sealed class FailingFirstPush(IFrontierQueue inner) : IFrontierQueue
    {
        private int _failed;

        public int Failed => _failed;

        public Task<bool[]> PushAsync(IReadOnlyList<FrontierPush> pushes, CancellationToken cancellationToken) =>
            pushes.Count > 0 && Interlocked.CompareExchange(ref _failed, 1, 0) == 0
                ? throw new Core.Store.StoreException("the store went away (injected)", transient: true)
                : inner.PushAsync(pushes, cancellationToken);
    }

    [Fact]
    public async Task PageReachedByARedirectAndByALink_IsCrawledAndPublishedOnce()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/robots.txt" => new LocalHttpResponse(404, []),
            "/" => LocalHttpResponse.Html("""<a href="/p/1">direct</a> <a href="/redirect/1">moved</a> <a href="/redirect/2">moved too</a>"""),
            "/redirect/1" => LocalHttpResponse.Redirect("/p/1"),
            "/redirect/2" => LocalHttpResponse.Redirect("/p/2"),
            _ => LocalHttpResponse.Html("page"),
        });
        await using var crawl = await Running.StartAsync(_redis, site, downloader: o => o.ConcurrentRequests = 1);

        await crawl.SeedAsync(site.Url("/"), maxDepth: 1);
        await crawl.WaitUntilFinishedAsync();
        var pages = await crawl.ReadPagesAsync(3);

        Assert.Equal(["/", "/p/1", "/p/2"], pages.Select(p => new Uri(p["url"]!.GetValue<string>()).AbsolutePath).Order());
        Assert.Single(site.Requests, r => r.Path == "/p/1");
        Assert.Equal(new CrawlCounts(0, 0, 3, 1), await crawl.CountsAsync());
        Assert.Contains(crawl.Logger.Entries, e => e.Message.Contains("already crawled in this crawl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThrowingSpider_FailsOnlyThatRequest_AfterItsRetries_AndTheWorkerGoesOn()
    {
        await using var site = LocalHttpServer.Start(request => request.Path switch
        {
            "/robots.txt" => new LocalHttpResponse(404, []),
            "/" => LocalHttpResponse.Html("""<a href="/poison">poison</a> <a href="/ok">ok</a>"""),
            _ => LocalHttpResponse.Html("leaf"),
        });

        // One worker: if the spider's exception ended it, nothing after the poison page would be crawled.
        await using var crawl = await Running.StartAsync(_redis, site, downloader: o => o.ConcurrentRequests = 1, spider: new PoisonSpider());

        await crawl.SeedAsync(site.Url("/"), maxDepth: 1);
        var pages = await crawl.ReadPagesAsync(2);

        Assert.Equal(["/", "/ok"], pages.Select(p => new Uri(p["url"]!.GetValue<string>()).AbsolutePath).Order());
        Assert.Equal(4, site.Requests.Count(r => r.Path == "/poison"));
        Assert.Equal(new CrawlCounts(0, 0, 2, 1), await crawl.CountsAsync());
        Assert.Equal(4, crawl.Crawler.ComponentFailures);
        Assert.Contains(crawl.Logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("failed on " + site.Url("/poison").AbsoluteUri, StringComparison.Ordinal));

        await crawl.SeedAsync(site.Url("/after"));
        Assert.Equal("/after", new Uri(Assert.Single(await crawl.ReadPagesAsync(1))["url"]!.GetValue<string>()).AbsolutePath);
    }

    [Fact]
    public async Task Chains_AreLoggedInRankOrder_AndANullRankDisablesABuiltIn()
    {
        await using var site = LocalHttpServer.Start(_ => LocalHttpResponse.Html("page"));
        await using var crawl = await Running.StartAsync(_redis, site, components: c => c.DownloaderMiddlewares = new() { ["RobotsTxtMiddleware"] = null });

        await crawl.SeedAsync(site.Url("/"));
        Assert.Single(await crawl.ReadPagesAsync(1));

        Assert.DoesNotContain(site.Requests, r => r.Path == "/robots.txt");
        Assert.Contains(crawl.Logger.Entries, e => e.Message == "Enabled downloader middlewares: [DomainBlacklistMiddleware (100), CrawlStateMiddleware (200), "
            + "SeedDupeFilterMiddleware (300), UserAgentMiddleware (400), CookiesMiddleware (450), RetryMiddleware (500), RedirectMiddleware (600), "
            + "StatusStatsMiddleware (700), DomainSlotsMiddleware (800)]");
        Assert.Contains(crawl.Logger.Entries, e => e.Message == "Enabled spider middlewares: [DepthMiddleware (900)]");
        Assert.Contains(crawl.Logger.Entries, e => e.Message == "Enabled item pipelines: [BusPublishPipeline (1000)]");
    }

    [Fact]
    public async Task UnreachableRobotsTxt_IsReportedWithItsCause_AndNotTakenForARefusal()
    {
        await using var site = LocalHttpServer.Start(request => request.Path == "/robots.txt" ? new LocalHttpResponse(503, []) : LocalHttpResponse.Html("page"));
        await using var crawl = await Running.StartAsync(_redis, site, downloader: o => o.RetryTimes = 1);

        await crawl.SeedAsync(site.Url("/"));
        await crawl.WaitUntilFinishedAsync();

        Assert.Equal(new CrawlCounts(0, 0, 0, 1), await crawl.CountsAsync());
        Assert.DoesNotContain(site.Requests, r => r.Path == "/");
        Assert.Contains(crawl.Logger.Entries, e => e.Message.Contains("robots.txt could not be read", StringComparison.Ordinal)
            && e.Message.Contains("answered 503", StringComparison.Ordinal));
        Assert.DoesNotContain(crawl.Logger.Entries, e => e.Message.Contains("robots.txt forbids it", StringComparison.Ordinal));
        var ttl = await _redis.Connection.GetDatabase().KeyTimeToLiveAsync("cc:robots:" + site.Url("/").GetLeftPart(UriPartial.Authority));
        Assert.InRange(ttl!.Value.TotalSeconds, 1, 300);
    }

    /// <summary>A link spider that throws on one page, as a buggy user spider would.</summary>
    private sealed class PoisonSpider : ISpider
    {
        private readonly LinkSpider _links = new();

        public string Name => "link";

        public SpiderOutput Parse(SpiderResponse response) =>
            response.Download.ResponseUrl.AbsolutePath == "/poison" ? throw new InvalidOperationException("the spider choked") : _links.Parse(response);
    }

    /// <summary>A crawler running on the test's store as its host runs it, with a bus consumer on the firehose.</summary>
    private sealed class Running : IAsyncDisposable
    {
        private readonly RedisServer _redis;
        private readonly MemoryMessageBus _bus = new(JsonCodec.Instance);
        private readonly ServiceProvider _services;
        private readonly CrawlerService _crawler;
        private readonly TestFrontier _frontier;
        private IBusConsumer _pages = null!;
        private bool _started;

        private Running(RedisServer redis, Action<DownloaderOptions>? downloader, ISpider? spider, Action<CrawlerComponentOptions>? components,
            Func<IMessageBus, IMessageBus>? bus, Action<IServiceCollection>? replace)
        {
            var downloads = new DownloaderOptions { ConcurrentRequests = 4, TimeoutSeconds = 5 };
            downloader?.Invoke(downloads);
            var chains = new CrawlerComponentOptions();
            components?.Invoke(chains);
            _redis = redis;
            var settings = new CrawlEngineSettings(
                new ThrottleOptions { Hits = 10_000, WindowSeconds = 60, Moderated = false },
                new SchedulerOptions { QueueRefreshSeconds = 1, IpEnabled = false },
                downloads,
                new CrawlerOutputOptions(),
                new TopicOptions(),
                new StatsOptions(),
                new DomainOptions(),
                new Core.DomainConfig.DomainConfigOptions(),
                chains,
                new SpiderOptions());
            var services = ComponentServices.Create(redis.Connection, bus?.Invoke(_bus) ?? _bus, Logger).AddCrawler(settings, spider ?? new LinkSpider(), downloads.ConcurrentRequests);
            replace?.Invoke(services);
            _services = services.BuildServiceProvider();
            _crawler = _services.GetRequiredService<CrawlerService>();
            _frontier = new TestFrontier(redis.Connection);
        }

        public ListLogger Logger { get; } = new();

        public CrawlerService Crawler => _crawler;

        public static async Task<Running> StartAsync(RedisServer redis, LocalHttpServer site, bool start = true, Action<DownloaderOptions>? downloader = null,
            ISpider? spider = null, Action<CrawlerComponentOptions>? components = null, Func<IMessageBus, IMessageBus>? bus = null,
            Action<IServiceCollection>? replace = null)
        {
            _ = site;
            var running = new Running(redis, downloader, spider, components, bus, replace);
            running._pages = await running._bus.SubscribeAsync(new ConsumerSettings(["demo.crawled_firehose"], "test"), CancellationToken.None);
            if (start)
            {
                await running.StartCrawlerAsync();
            }

            return running;
        }

        public async Task StartCrawlerAsync()
        {
            _started = true;
            await _crawler.StartAsync(CancellationToken.None);
            await _crawler.Ready.WaitAsync(Patience);
        }

        public Task SeedAsync(Uri url, int maxDepth = 0, string[]? allowedDomains = null)
        {
            var seed = new JsonObject
            {
                ["url"] = url.AbsoluteUri,
                ["appid"] = "testapp",
                ["crawlid"] = "c1",
                ["spiderid"] = "link",
                ["priority"] = 1,
                ["maxdepth"] = maxDepth,
                ["allowed_domains"] = allowedDomains is null ? null : new JsonArray([.. allowedDomains.Select(d => (JsonNode)d)]),
                ["expires"] = 0,
            };
            return _frontier.PushAsync(DomainExtractor.Default.KeyOf(url.AbsoluteUri), Core.Json.WireJson.Serialize(seed, Core.Json.WireJsonStyle.Ujson), 1);
        }

        public async Task<List<JsonObject>> ReadPagesAsync(int count)
        {
            using var deadline = new CancellationTokenSource(Patience);
            var pages = new List<JsonObject>();
            await foreach (var message in _pages.ReadAsync(deadline.Token))
            {
                pages.Add((JsonObject)JsonNode.Parse(message.Value.Span)!);
                if (pages.Count == count)
                {
                    break;
                }
            }

            await WaitUntilFinishedAsync();
            return pages;
        }

        public async Task WaitUntilFinishedAsync()
        {
            // The counters live in the store; the crawl is over when nothing is pending or in flight. The crawler says
            // when it ends a lease, the moment to look again.
            using var deadline = new CancellationTokenSource(Patience);
            while (true)
            {
                var next = _crawler.NextLeaseEnded;
                if ((await CountsAsync()).Finished)
                {
                    return;
                }

                await next.WaitAsync(deadline.Token);
            }
        }

        public Task WaitForLeaseEndedAsync() => _crawler.NextLeaseEnded.WaitAsync(Patience);

        public Task<CrawlCounts> CountsAsync() => _frontier.CountsAsync(new CrawlIdentity("testapp", "c1"));

        public async Task StopAsync()
        {
            if (_started)
            {
                _started = false;
                await _crawler.StopAsync(CancellationToken.None).WaitAsync(Patience);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            await _pages.DisposeAsync();
            await _services.DisposeAsync();
            await _bus.DisposeAsync();
        }
    }
}
