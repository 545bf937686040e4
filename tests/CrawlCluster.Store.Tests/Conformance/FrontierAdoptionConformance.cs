using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Frontier;

namespace CrawlCluster.Store.Tests.Conformance;

/// <summary>Requests the original's Python components queued straight into a domain queue, counted by the adoption scan.</summary>
public abstract partial class FrontierConformance<TFixture>
{
    private static readonly CrawlIdentity C1 = new("testapp", "c1");

    [Fact]
    public async Task RequestsTheOriginalQueued_AreCountedOnce_InTheBacklogAndTheCounters()
    {
        var frontier = Frontier();
        await frontier.PushAsync("a.com", Member("a.com", 1), 5);
        await QueueAsTheOriginalAsync("a.com", OriginalMember("a.com", 2), 5);
        await QueueAsTheOriginalAsync("a.com", OriginalMember("a.com", 3), 20);
        await QueueAsTheOriginalAsync("b.com", OriginalMember("b.com", 1, crawlId: "c2"), 1);
        Assert.Equal(1, (await frontier.BacklogAsync(C1))["a.com"].Total);

        // b.com is new to the ready index; a.com was there through our push.
        Assert.Equal(new FrontierAdoption(1, 3), await frontier.AdoptForeignQueuesAsync());

        Assert.Equal(new DomainBacklog { Total = 3, HighPriority = 20, LowPriority = 5 }, (await frontier.BacklogAsync(C1))["a.com"]);
        Assert.Equal(new CrawlCounts(3, 0, 0, 0), await frontier.CountsAsync(C1));
        Assert.Equal(new CrawlCounts(1, 0, 0, 0), await frontier.CountsAsync(new CrawlIdentity("testapp", "c2")));
        Assert.Equal(["c1", "c2"], (await frontier.CrawlIdsAsync("testapp")).Order());
        Assert.Equal(new FrontierAdoption(0, 0), await frontier.AdoptForeignQueuesAsync());
        Assert.Equal(3, (await frontier.BacklogAsync(C1))["a.com"].Total);

        // Adopted requests keep their priority; crawled, the crawl's figures end at zero.
        var leases = new List<Lease>();
        while (await frontier.TryLeaseAsync() is { } lease)
        {
            leases.Add(lease);
            Assert.True(await frontier.AckAsync(lease, LeaseOutcome.Done));
        }

        Assert.Equal([20, 5, 5], leases.Where(l => l.Domain == "a.com").Select(l => l.Priority));
        Assert.Equal(new CrawlCounts(0, 0, 3, 0), await frontier.CountsAsync(C1));
        Assert.Empty(await frontier.BacklogAsync(C1));
    }

    [Fact]
    public async Task ManyRequestsTheOriginalQueued_OverSeveralPriorities_AreAllCountedInOneScan()
    {
        var frontier = Frontier();
        for (var i = 0; i < 1_200; i++)
        {
            await QueueAsTheOriginalAsync("a.com", OriginalMember("a.com", i), i % 3 - 1);
        }

        for (var i = 0; i < 10; i++)
        {
            await frontier.PushAsync("a.com", Member("a.com", i), i % 3 - 1);
        }

        Assert.Equal(new FrontierAdoption(0, 1_200), await frontier.AdoptForeignQueuesAsync());

        Assert.Equal(new DomainBacklog { Total = 1_210, HighPriority = 1, LowPriority = -1 }, (await frontier.BacklogAsync(C1))["a.com"]);
        Assert.Equal(1_210, (await frontier.CountsAsync(C1)).Pending);
        var scores = await _db.SortedSetRangeByRankWithScoresAsync(RedisKeys.Queue(_spider, "a.com"));
        Assert.DoesNotContain(scores, entry => QueueScore.IsUncounted(entry.Score));
        Assert.Equal(new FrontierAdoption(0, 0), await frontier.AdoptForeignQueuesAsync());
    }

    [Fact]
    public async Task RequestTheOriginalQueued_LeasedBeforeAnyScan_IsInFlight_AndCountedOnceWhenReleased()
    {
        var frontier = Frontier();
        await frontier.PushAsync("a.com", Member("a.com", 1), 1);
        await QueueAsTheOriginalAsync("a.com", OriginalMember("a.com", 2), 9);

        var lease = await frontier.TryLeaseAsync();

        Assert.Equal(OriginalMember("a.com", 2), lease!.Member);
        Assert.Equal(new CrawlCounts(1, 1, 0, 0), await frontier.CountsAsync(C1));
        Assert.Equal(new DomainBacklog { Total = 1, HighPriority = 1, LowPriority = 1 }, (await frontier.BacklogAsync(C1))["a.com"]);

        Assert.True(await frontier.ReleaseAsync(lease));
        Assert.Equal(new CrawlCounts(2, 0, 0, 0), await frontier.CountsAsync(C1));
        Assert.Equal(new DomainBacklog { Total = 2, HighPriority = 9, LowPriority = 1 }, (await frontier.BacklogAsync(C1))["a.com"]);
        Assert.Equal(new FrontierAdoption(0, 0), await frontier.AdoptForeignQueuesAsync());
        Assert.Equal(2, (await frontier.CountsAsync(C1)).Pending);
    }

    [Fact]
    public async Task RequestTheOriginalQueued_WhoseCrawlerDiedBetweenPopAndCount_IsAdoptedOnceAfterItsReturn()
    {
        var frontier = Frontier();
        await QueueAsTheOriginalAsync("a.com", OriginalMember("a.com", 1), 1);
        await frontier.AdoptForeignQueuesAsync();
        await QueueAsTheOriginalAsync("a.com", OriginalMember("a.com", 2), 9);
        var consumer = (RedisFrontierConsumer)frontier.Consumer;
        consumer.AfterPop = () => throw new InvalidOperationException("killed between the pop and its counting");

        await Assert.ThrowsAsync<InvalidOperationException>(frontier.TryLeaseAsync);
        consumer.AfterPop = null;
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await frontier.ReclaimExpiredAsync());

        Assert.Equal(new CrawlCounts(1, 0, 0, 0), await frontier.CountsAsync(C1));
        Assert.Equal(new FrontierAdoption(0, 1), await frontier.AdoptForeignQueuesAsync());
        Assert.Equal(new CrawlCounts(2, 0, 0, 0), await frontier.CountsAsync(C1));
        Assert.Equal(new FrontierAdoption(0, 0), await frontier.AdoptForeignQueuesAsync());
    }

    [Fact]
    public async Task Purge_OfRequestsTheOriginalQueued_AdoptedOrNot_LeavesTheFiguresAtZero()
    {
        var frontier = Frontier();
        await frontier.PushAsync("a.com", Member("a.com", 1), 1);
        await QueueAsTheOriginalAsync("a.com", OriginalMember("a.com", 2), 1);
        await frontier.AdoptForeignQueuesAsync();
        await QueueAsTheOriginalAsync("a.com", OriginalMember("a.com", 3), 1);
        await QueueAsTheOriginalAsync("b.com", OriginalMember("b.com", 1, crawlId: "c2"), 1);

        Assert.Equal(3, await frontier.PurgeAsync(C1));

        Assert.Equal(new CrawlCounts(0, 0, 0, 0), await frontier.CountsAsync(C1));
        Assert.Empty(await frontier.BacklogAsync(C1));
        Assert.Equal(new FrontierAdoption(1, 1), await frontier.AdoptForeignQueuesAsync());
        Assert.Equal(new CrawlCounts(0, 0, 0, 0), await frontier.CountsAsync(C1));
        Assert.Equal(1, (await frontier.CountsAsync(new CrawlIdentity("testapp", "c2"))).Pending);
    }

    [Fact]
    public async Task Purge_OfAnUnadoptedRequest_LeavesOursCountedBetweenItsPopAndItsCount()
    {
        var frontier = Frontier();
        await frontier.PushAsync("a.com", Member("a.com", 1), 9);
        await QueueAsTheOriginalAsync("a.com", OriginalMember("a.com", 2), 1);
        var consumer = (RedisFrontierConsumer)frontier.Consumer;
        CrawlCounts? between = null;
        consumer.AfterPop = async () =>
        {
            Assert.Equal(1, await frontier.PurgeAsync(C1));
            between = await frontier.CountsAsync(C1);
        };

        var lease = await frontier.TryLeaseAsync();
        consumer.AfterPop = null;

        // Ours, popped and not yet counted in flight, still counts as pending: the crawl does not look finished.
        Assert.Equal(new CrawlCounts(1, 0, 0, 0), between);
        Assert.Equal(Member("a.com", 1), lease!.Member);
        Assert.Equal(new CrawlCounts(0, 1, 0, 0), await frontier.CountsAsync(C1));
    }

    [Fact]
    public async Task AdoptionScanOncePerPeriod_RunsForOneProcessOfTheCluster_TheOthersSkipIt()
    {
        var oneCrawler = Frontier();
        var anotherCrawler = Frontier();
        await QueueAsTheOriginalAsync("a.com", OriginalMember("a.com", 1), 1);
        Assert.Equal(new FrontierAdoption(1, 1), await oneCrawler.AdoptForeignQueuesAsync(TimeSpan.FromMinutes(1)));
        await QueueAsTheOriginalAsync("b.com", OriginalMember("b.com", 1), 1);

        Assert.Equal(new FrontierAdoption(0, 0), await anotherCrawler.AdoptForeignQueuesAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(new FrontierAdoption(0, 0), await oneCrawler.AdoptForeignQueuesAsync(TimeSpan.FromMinutes(1)));
        Assert.InRange(await _db.KeyTimeToLiveAsync($"cc:adoptscan:{_spider}") ?? TimeSpan.Zero, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
        Assert.Equal(new FrontierAdoption(1, 1), await anotherCrawler.AdoptForeignQueuesAsync());
    }

    // What the original's Kafka Monitor writes: the ids at the top level, score −priority.
    private static string OriginalMember(string domain, int n, string crawlId = "c1") =>
        $$"""{"url":"http:\/\/{{domain}}\/{{n}}","appid":"testapp","crawlid":"{{crawlId}}","spiderid":"link","priority":1,"expires":0}""";

    private Task<bool> QueueAsTheOriginalAsync(string domain, string member, int priority) =>
        _db.SortedSetAddAsync(RedisKeys.Queue(_spider, domain), member, -priority);
}
