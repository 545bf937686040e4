using System.Collections.Concurrent;
using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Throttling;
using CrawlCluster.Store.Frontier;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CrawlCluster.Store.Tests.Conformance;

/// <summary>The loss-free frontier on every store (DESIGN.md §6.1–6.3).</summary>
public abstract partial class FrontierConformance<TFixture>(TFixture fixture)
    where TFixture : IStoreFixture
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly ThrottlePolicy Generous = new(TimeSpan.FromSeconds(60), 10_000, Moderated: false);
    private readonly IDatabase _db = fixture.Connection.GetDatabase();
    private readonly string _spider = $"s{Guid.NewGuid():N}";
    private readonly ManualTimeProvider _time = new(Start);

    [Fact]
    public async Task PushThenLease_GivesTheBestMember_AndAnEmptyDomainLeavesTheIndex()
    {
        var frontier = Frontier();
        await frontier.PushAsync("a.com", Member("a.com", 1), 10);
        await frontier.PushAsync("a.com", Member("a.com", 2), 90);

        var first = await frontier.TryLeaseAsync();
        var second = await frontier.TryLeaseAsync();

        Assert.Equal(Member("a.com", 2), first!.Member);
        Assert.Equal(90, first.Priority);
        Assert.InRange(first.Score, -90, -89.5);
        Assert.Equal(Member("a.com", 1), second!.Member);
        Assert.Null(await frontier.TryLeaseAsync());
        Assert.Equal(0, await _db.SortedSetLengthAsync(CrawlClusterKeys.Ready(_spider)));
    }

    [Fact]
    public async Task ThrottledDomain_DoesNotBlockOthers_AndIsRescheduledToWhenItMayPop()
    {
        var frontier = Frontier(_ => new ThrottlePolicy(TimeSpan.FromSeconds(60), 1, Moderated: false));
        foreach (var domain in new[] { "a.com", "b.com" })
        {
            await frontier.PushAsync(domain, Member(domain, 1), 1);
            await frontier.PushAsync(domain, Member(domain, 2), 1);
        }

        var leased = new[] { await frontier.TryLeaseAsync(), await frontier.TryLeaseAsync() };

        Assert.Equal(["a.com", "b.com"], leased.Select(l => l!.Domain).Order());
        Assert.Null(await frontier.TryLeaseAsync());
        var readyAt = await _db.SortedSetRangeByRankWithScoresAsync(CrawlClusterKeys.Ready(_spider));
        Assert.All(readyAt, entry => Assert.InRange(entry.Score, (Start + TimeSpan.FromSeconds(60)).ToUnixTimeMilliseconds(), (Start + TimeSpan.FromSeconds(61)).ToUnixTimeMilliseconds()));

        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.NotNull(await frontier.TryLeaseAsync());
    }

    [Fact]
    public async Task ExpiredLease_ReturnsToItsQueue_AndTheLateAckIsRefused()
    {
        var frontier = Frontier();
        await frontier.PushAsync("a.com", Member("a.com", 1), 1);
        var lease = await frontier.TryLeaseAsync();
        Assert.Equal(0, await frontier.ReclaimExpiredAsync());

        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(1, await frontier.ReclaimExpiredAsync());
        var again = await frontier.TryLeaseAsync();
        Assert.Equal(lease!.Member, again!.Member);
        Assert.False(await frontier.AckAsync(lease, LeaseOutcome.Done));
        Assert.True(await frontier.AckAsync(again, LeaseOutcome.Done));
    }

    [Fact]
    public async Task CrawlerDeadBetweenPopAndCount_ItsRequestIsRequeuedCountedOnce_AndTheCrawlFinishes()
    {
        var frontier = Frontier();
        var crawl = new CrawlIdentity("testapp", "c1");
        await frontier.PushAsync("a.com", Member("a.com", 1), 1);
        await frontier.PushAsync("a.com", Member("a.com", 2), 1);
        var other = await frontier.TryLeaseAsync();
        var consumer = (RedisFrontierConsumer)frontier.Consumer;
        consumer.AfterPop = () => throw new InvalidOperationException("killed between the pop and its counting");

        await Assert.ThrowsAsync<InvalidOperationException>(frontier.TryLeaseAsync);
        consumer.AfterPop = null;
        _time.Advance(TimeSpan.FromSeconds(31));
        await frontier.AckAsync(other!, LeaseOutcome.Done);
        Assert.Equal(1, await frontier.ReclaimExpiredAsync());

        // Still one pending request, not two; crawled, the crawl is finished.
        Assert.Equal(new CrawlCounts(1, 0, 1, 0), await frontier.CountsAsync(crawl));
        await frontier.AckAsync((await frontier.TryLeaseAsync())!, LeaseOutcome.Done);
        Assert.Equal(new CrawlCounts(0, 0, 2, 0), await frontier.CountsAsync(crawl));
    }

    [Fact]
    public async Task CrawlerStalledPastItsLeaseBetweenPopAndCount_TakesNothing_AndTheRequestIsCountedOnce()
    {
        var frontier = Frontier();
        var crawl = new CrawlIdentity("testapp", "c1");
        await frontier.PushAsync("a.com", Member("a.com", 1), 1);
        var consumer = (RedisFrontierConsumer)frontier.Consumer;
        // Paused between the two scripts for longer than the lease; meanwhile another process returned it to its queue.
        consumer.AfterPop = async () =>
        {
            _time.Advance(TimeSpan.FromSeconds(31));
            Assert.Equal(1, await frontier.ReclaimExpiredAsync());
        };

        Assert.Null(await frontier.TryLeaseAsync());
        consumer.AfterPop = null;

        Assert.Equal(new CrawlCounts(1, 0, 0, 0), await frontier.CountsAsync(crawl));
        await frontier.AckAsync((await frontier.TryLeaseAsync())!, LeaseOutcome.Done);
        Assert.Equal(new CrawlCounts(0, 0, 1, 0), await frontier.CountsAsync(crawl));
    }

    [Fact]
    public async Task Release_ReturnsTheRequestAtOnce()
    {
        var frontier = Frontier();
        await frontier.PushAsync("a.com", Member("a.com", 1), 1);
        var lease = await frontier.TryLeaseAsync();

        Assert.True(await frontier.ReleaseAsync(lease!));

        Assert.Equal(lease!.Member, (await frontier.TryLeaseAsync())!.Member);
    }

    [Fact]
    public async Task CrawlCounters_FollowEveryRequest_UntilTheCrawlIsFinished()
    {
        var frontier = Frontier();
        var crawl = new CrawlIdentity("testapp", "c1");
        for (var i = 0; i < 3; i++)
        {
            await frontier.PushAsync("a.com", Member("a.com", i), 1);
        }

        Assert.Equal(new CrawlCounts(3, 0, 0, 0), await frontier.CountsAsync(crawl));
        var first = await frontier.TryLeaseAsync();
        Assert.Equal(new CrawlCounts(2, 1, 0, 0), await frontier.CountsAsync(crawl));
        await frontier.AckAsync(first!, LeaseOutcome.Done);
        await frontier.AckAsync((await frontier.TryLeaseAsync())!, LeaseOutcome.Failed);
        var last = await frontier.TryLeaseAsync();
        Assert.False((await frontier.CountsAsync(crawl)).Finished);
        await frontier.AckAsync(last!, LeaseOutcome.Done);

        var counts = await frontier.CountsAsync(crawl);
        Assert.Equal(new CrawlCounts(0, 0, 2, 1), counts);
        Assert.True(counts.Finished);
    }

    [Fact]
    public async Task EqualPriorities_PopFirstInFirstOut_AndPrioritiesKeepTheOriginalsOrder()
    {
        var frontier = Frontier();
        // Members whose byte order is the reverse of their push order: the original would pop "z" first.
        string[] pushed = ["z", "m", "a"];
        foreach (var name in pushed)
        {
            await frontier.PushAsync("a.com", Member("a.com", name), 1);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        await frontier.PushAsync("a.com", Member("a.com", "low"), 0);
        await frontier.PushAsync("a.com", Member("a.com", "high"), 2);

        // An original Python crawler pops ZRANGE 0 0: it sees the same order.
        var queue = await _db.SortedSetRangeByRankAsync(RedisKeys.Queue(_spider, "a.com"));
        string[] expected = [Member("a.com", "high"), .. pushed.Select(n => Member("a.com", n)), Member("a.com", "low")];
        Assert.Equal(expected, queue.Select(m => (string)m!));
        var leased = new List<string>();
        while (await frontier.TryLeaseAsync() is { } lease)
        {
            leased.Add(lease.Member);
        }

        Assert.Equal(expected, leased);
    }

    [Fact]
    public async Task Backlog_GivesEachDomainsTotalAndPriorities_AndFollowsPopsAndReturns()
    {
        var frontier = Frontier();
        var crawl = new CrawlIdentity("testapp", "c1");
        await frontier.PushAsync("a.com", Member("a.com", 1), 5);
        await frontier.PushAsync("a.com", Member("a.com", 2), -20);
        await frontier.PushAsync("a.com", Member("a.com", 3), 1);
        await frontier.PushAsync("b.com", Member("b.com", 1), 1);
        await frontier.PushAsync("b.com", Member("b.com", 9, appId: "otherapp"), 1);

        var before = await frontier.BacklogAsync(crawl);
        Assert.Equal(["a.com", "b.com"], before.Keys);
        Assert.Equal(new DomainBacklog { Total = 3, HighPriority = 5, LowPriority = -20 }, before["a.com"]);
        Assert.Equal(new DomainBacklog { Total = 1, HighPriority = 1, LowPriority = 1 }, before["b.com"]);
        Assert.Equal(["c1"], await frontier.CrawlIdsAsync("testapp"));

        var leases = new List<Lease>();
        while (await frontier.TryLeaseAsync() is { } lease)
        {
            leases.Add(lease);
        }

        Assert.Empty(await frontier.BacklogAsync(crawl));
        Assert.Empty(await frontier.CrawlIdsAsync("testapp"));
        await frontier.ReleaseAsync(leases.Single(l => l.Member == Member("a.com", 2)));
        Assert.Equal(new DomainBacklog { Total = 1, HighPriority = -20, LowPriority = -20 }, (await frontier.BacklogAsync(crawl))["a.com"]);
        Assert.Equal(["c1"], await frontier.CrawlIdsAsync("testapp"));
    }

    [Fact]
    public async Task Purge_RemovesOnlyTheCrawlsQueuedRequests_AndKeepsTheCountersTrue()
    {
        var frontier = Frontier();
        var crawl = new CrawlIdentity("testapp", "c1");
        for (var i = 0; i < 600; i++)
        {
            await frontier.PushAsync($"d{i % 3}.com", Member($"d{i % 3}.com", i), i % 4);
        }

        await frontier.PushAsync("d0.com", Member("d0.com", 1, appId: "otherapp"), 1);
        var inFlight = await frontier.TryLeaseAsync();

        Assert.Equal(599, await frontier.PurgeAsync(crawl));

        Assert.Equal(new CrawlCounts(0, 1, 0, 0), await frontier.CountsAsync(crawl));
        Assert.Empty(await frontier.BacklogAsync(crawl));
        Assert.Empty(await frontier.CrawlIdsAsync("testapp"));
        Assert.Equal(1, await _db.SortedSetLengthAsync(RedisKeys.Queue(_spider, "d0.com")));
        Assert.Equal(0, await _db.SortedSetLengthAsync(RedisKeys.Queue(_spider, "d1.com")));
        Assert.Equal(0, await frontier.PurgeAsync(crawl));
        Assert.True(await frontier.AckAsync(inFlight!, LeaseOutcome.Done));
        Assert.True((await frontier.CountsAsync(crawl)).Finished);
    }

    [Fact]
    public async Task Purge_ScanningAllQueues_AlsoRemovesRequestsTheOriginalQueued()
    {
        const string member = """{"url":"http:\/\/dmoztools.net","appid":"testapp","crawlid":"c1","spiderid":"link","priority":1}""";
        await _db.SortedSetAddAsync(RedisKeys.Queue(_spider, "dmoztools.net"), member, -1);
        var frontier = Frontier();
        await frontier.PushAsync("a.com", Member("a.com", 1), 1);

        Assert.Equal(1, await frontier.PurgeAsync(new CrawlIdentity("testapp", "c1")));
        Assert.Equal(1, await _db.SortedSetLengthAsync(RedisKeys.Queue(_spider, "dmoztools.net")));
        Assert.Equal(1, await frontier.PurgeAsync(new CrawlIdentity("testapp", "c1"), scanAllQueues: true));
        Assert.Equal(0, await _db.SortedSetLengthAsync(RedisKeys.Queue(_spider, "dmoztools.net")));
    }

    [Fact]
    public async Task DomainMaxPages_LetsTheSeedAndLimitMinusOneChildrenThrough_AsTheOriginal()
    {
        var limit = new RedisPageLimit(_db.Multiplexer);
        var allowed = 0;
        for (var i = 0; i < 10; i++)
        {
            allowed += await limit.TryTakeDomainPageAsync(_spider, "a.com", "c1", 4, TimeSpan.FromSeconds(600)) ? 1 : 0;
        }

        Assert.Equal(3, allowed);
        Assert.Equal(4, (int)await _db.StringGetAsync(RedisKeys.DomainMaxPageFilter(_spider, "a.com", "c1")));
        Assert.True(await limit.TryTakeDomainPageAsync(_spider, "a.com", "c2", 4, TimeSpan.FromSeconds(600)));
        Assert.True(await limit.TryTakeGlobalPageAsync(_spider, "a.com", "c1", 2, TimeSpan.FromSeconds(600)));
        Assert.False(await limit.TryTakeGlobalPageAsync(_spider, "a.com", "c1", 2, TimeSpan.FromSeconds(600)));
    }

    [Fact]
    public async Task DelayedDomain_IsNotPoppedBeforeItsTime_AndOthersAre()
    {
        var frontier = Frontier();
        await frontier.PushAsync("slow.com", Member("slow.com", 1), 1);
        await frontier.PushAsync("fast.com", Member("fast.com", 1), 1);

        Assert.True(await frontier.DelayDomainAsync("slow.com", Start + TimeSpan.FromSeconds(30)));
        Assert.False(await frontier.DelayDomainAsync("slow.com", Start + TimeSpan.FromSeconds(10)));
        Assert.True(await frontier.DelayDomainAsync("later.com", Start + TimeSpan.FromSeconds(10)));
        await frontier.PushAsync("later.com", Member("later.com", 1), 1);

        Assert.Equal("fast.com", (await frontier.TryLeaseAsync())!.Domain);
        Assert.Null(await frontier.TryLeaseAsync());
        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal("later.com", (await frontier.TryLeaseAsync())!.Domain);
        Assert.Null(await frontier.TryLeaseAsync());
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("slow.com", (await frontier.TryLeaseAsync())!.Domain);
    }

    [Fact]
    public async Task ThrottleKeys_CarryTheSpiderTypeAndThePublicIp_AsTheIpChanges()
    {
        string? ip = null;
        var frontier = new TestFrontier(fixture.Connection, _spider, new FrontierSettings(TimeSpan.FromSeconds(30), _ => Generous, ThrottleType: _spider, PublicIp: () => ip), _time);
        await frontier.PushAsync("a.com", Member("a.com", 1), 1);
        await frontier.PushAsync("a.com", Member("a.com", 2), 1);

        await frontier.TryLeaseAsync();
        ip = "10.0.0.1";
        await frontier.TryLeaseAsync();

        Assert.True(await _db.KeyExistsAsync($"{_spider}:a.com:throttle_window"));
        Assert.True(await _db.KeyExistsAsync($"{_spider}:10.0.0.1:a.com:throttle_window"));
    }

    [Fact]
    public async Task Push_SameMemberTwice_IsQueuedAndCountedOnce()
    {
        var frontier = Frontier();

        Assert.True(await frontier.PushAsync("a.com", Member("a.com", 1), 1));
        Assert.False(await frontier.PushAsync("a.com", Member("a.com", 1), 5));

        Assert.Equal(1, await _db.SortedSetLengthAsync(RedisKeys.Queue(_spider, "a.com")));
        Assert.Equal(1, (await frontier.CountsAsync(new CrawlIdentity("testapp", "c1"))).Pending);
    }

    [Fact]
    public async Task QueueWrittenByTheOriginalKafkaMonitor_IsAdopted_AndLeased()
    {
        // CONTRACT.md Part B §1.4: the member the original writes for a minimal crawl request.
        const string member = """{"url":"http:\/\/dmoztools.net","appid":"testapp","crawlid":"abc123","spiderid":"link","priority":1,"maxdepth":0,"domain_max_pages":null,"allowed_domains":null,"allow_regex":null,"deny_regex":null,"deny_extensions":null,"expires":0,"useragent":null,"cookie":null,"attrs":null,"ts":1617812345.1234567}""";
        await _db.SortedSetAddAsync(RedisKeys.Queue(_spider, "dmoztools.net"), member, -1);
        var frontier = Frontier();
        Assert.Null(await frontier.TryLeaseAsync());

        Assert.Equal(new FrontierAdoption(1, 1), await frontier.AdoptForeignQueuesAsync());

        var lease = await frontier.TryLeaseAsync();
        Assert.Equal(member, lease!.Member);
        Assert.Equal(new CrawlIdentity("testapp", "abc123"), lease.Crawl);
        Assert.Equal("dmoztools.net", lease.Domain);
    }

    [Fact]
    public async Task ManyConcurrentCrawlers_LeaseEveryRequestExactlyOnce()
    {
        var pushing = Frontier();
        var members = new List<string>();
        for (var d = 0; d < 20; d++)
        {
            for (var i = 0; i < 25; i++)
            {
                var domain = $"d{d}.com";
                members.Add(Member(domain, i));
                await pushing.PushAsync(domain, Member(domain, i), 1);
            }
        }

        var leased = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var frontier = Frontier();
            while (await frontier.TryLeaseAsync() is { } lease)
            {
                leased.Add(lease.Member);
                await frontier.AckAsync(lease, LeaseOutcome.Done);
            }
        })));

        Assert.Equal(members.Order(), leased.Order());
        Assert.True((await pushing.CountsAsync(new CrawlIdentity("testapp", "c1"))).Finished);
    }

    [Fact]
    public async Task IdleCrawler_WakesWhenWorkIsPushed()
    {
        var waiting = new TestFrontier(fixture.Connection, _spider, new FrontierSettings(TimeSpan.FromSeconds(30), _ => Generous), TimeProvider.System);
        var pushing = new TestFrontier(fixture.Connection, _spider, new FrontierSettings(TimeSpan.FromSeconds(30), _ => Generous), TimeProvider.System);
        await waiting.WaitForWorkAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None);

        var wait = waiting.WaitForWorkAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
        Assert.False(wait.IsCompleted);
        await pushing.PushAsync("a.com", Member("a.com", 1), 1);

        await wait.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.NotNull(await waiting.TryLeaseAsync());
    }

    private static string Member(string domain, object n, string appId = "testapp") =>
        $$"""{"url":"http:\/\/{{domain}}\/{{n}}","appid":"{{appId}}","crawlid":"c1","priority":1}""";

    private TestFrontier Frontier(Func<string, ThrottlePolicy>? policy = null)
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(_time);
        return new TestFrontier(StorePorts.Register(services, fixture.Connection).BuildServiceProvider(), _spider,
            new FrontierSettings(TimeSpan.FromSeconds(30), policy ?? (_ => Generous), ThrottleType: _spider));
    }
}

[Trait("Kind", "Conformance")]
public sealed class RedisFrontierConformanceTests(RedisStoreFixture fixture)
    : FrontierConformance<RedisStoreFixture>(fixture), IClassFixture<RedisStoreFixture>;

[Trait("Kind", "Conformance")]
public sealed class GarnetFrontierConformanceTests(GarnetStoreFixture fixture)
    : FrontierConformance<GarnetStoreFixture>(fixture), IClassFixture<GarnetStoreFixture>;
