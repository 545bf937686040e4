using CrawlCluster.Core.Dedup;
using System.Globalization;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Throttling;
using CrawlCluster.Store.Dedup;
using CrawlCluster.Store.Throttling;
using CrawlCluster.TestSupport;
using StackExchange.Redis;

namespace CrawlCluster.Store.Tests.Conformance;

/// <summary>The store behaviour every backend must show (DESIGN.md §5): one sealed subclass per store runs it.</summary>
public abstract class StoreConformance<TFixture>(TFixture fixture)
    where TFixture : IStoreFixture
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly IDatabase _db = fixture.Connection.GetDatabase();
    private readonly string _domain = $"d{Guid.NewGuid():N}.com";

    [Fact]
    public async Task Throttle_Unmoderated_AllowsLimitPopsPerWindow_ThenRefuses()
    {
        var time = new ManualTimeProvider(Start);
        var queue = await FilledQueueAsync(new ThrottlePolicy(TimeSpan.FromSeconds(60), 3, Moderated: false), time, items: 10);

        var outcomes = new List<PopOutcome>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add(await queue.PopAsync());
        }

        Assert.Equal(3, outcomes.Count(o => o is PopOutcome.Popped));
        Assert.IsType<PopOutcome.LimitReached>(outcomes[3]);
        Assert.Equal(3, await _db.SortedSetLengthAsync(queue.WindowKey));
        Assert.Equal(7, await queue.LengthAsync());
    }

    [Fact]
    public async Task Throttle_WindowRolls_AllowingPopsAgain()
    {
        var time = new ManualTimeProvider(Start);
        var queue = await FilledQueueAsync(new ThrottlePolicy(TimeSpan.FromSeconds(60), 2, Moderated: false), time, items: 10);
        await queue.PopAsync();
        await queue.PopAsync();
        Assert.IsType<PopOutcome.LimitReached>(await queue.PopAsync());

        time.Advance(TimeSpan.FromSeconds(61));

        Assert.IsType<PopOutcome.Popped>(await queue.PopAsync());
    }

    [Fact]
    public async Task Throttle_PopsHighestPriorityFirst()
    {
        var queue = new RedisThrottledQueue(_db, RedisKeys.Queue("link", _domain), RedisKeys.ThrottleScope(_domain, "link", null),
            new ThrottlePolicy(TimeSpan.FromSeconds(60), 100, Moderated: false), new ManualTimeProvider(Start));
        await queue.PushAsync("low", 10);
        await queue.PushAsync("high", 90);
        await queue.PushAsync("mid", 50);

        Assert.Equal(["high", "mid", "low"], [Member(await queue.PopAsync()), Member(await queue.PopAsync()), Member(await queue.PopAsync())]);
        Assert.Equal(-90, await _db.SortedSetScoreAsync(queue.QueueKey, "high") ?? -90);
    }

    [Fact]
    public async Task Throttle_EmptyQueue_UsesNoBudget()
    {
        var queue = new RedisThrottledQueue(_db, RedisKeys.Queue("link", _domain), RedisKeys.ThrottleScope(_domain, "link", null),
            new ThrottlePolicy(TimeSpan.FromSeconds(60), 5), new ManualTimeProvider(Start));

        Assert.IsType<PopOutcome.Empty>(await queue.PopAsync());
        Assert.Equal(0, await _db.SortedSetLengthAsync(queue.WindowKey));
        Assert.False(await _db.KeyExistsAsync(queue.ModerationKey));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Throttle_Moderated_SpacesPops_ThenElasticCatchesUpWhileTheWindowHasRoom(bool elastic)
    {
        var time = new ManualTimeProvider(Start);
        var queue = await FilledQueueAsync(new ThrottlePolicy(TimeSpan.FromSeconds(60), 4, Elastic: elastic), time, items: 20);

        // Warm-up: one pop per window/limit (15 s); a pop in between is moderated.
        Assert.IsType<PopOutcome.Popped>(await queue.PopAsync());
        Assert.IsType<PopOutcome.Moderated>(await queue.PopAsync());
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(15));
            Assert.IsType<PopOutcome.Popped>(await queue.PopAsync());
        }

        // 60 s later only the last warm-up pop is still in the window (room for 3). Elastic breaks moderation until the
        // window is full; without elastic, moderation holds.
        time.Advance(TimeSpan.FromSeconds(60));
        var burst = new List<PopOutcome>();
        for (var i = 0; i < 4; i++)
        {
            burst.Add(await queue.PopAsync());
        }

        Assert.IsType<PopOutcome.Popped>(burst[0]);
        if (elastic)
        {
            Assert.IsType<PopOutcome.Popped>(burst[1]);
            Assert.IsType<PopOutcome.Popped>(burst[2]);
            Assert.IsType<PopOutcome.Moderated>(burst[3]);
            Assert.Equal(4, await _db.SortedSetLengthAsync(queue.WindowKey));
        }
        else
        {
            Assert.All(burst.Skip(1), outcome => Assert.IsType<PopOutcome.Moderated>(outcome));
        }
    }

    [Fact]
    public async Task Throttle_KeysAndValues_HaveTheOriginalShapes()
    {
        var time = new ManualTimeProvider(Start);
        var scope = RedisKeys.ThrottleScope(_domain, "link", "1.2.3.4");
        var queue = new RedisThrottledQueue(_db, RedisKeys.Queue("link", _domain), scope, new ThrottlePolicy(TimeSpan.FromSeconds(60), 10), time);
        await queue.PushAsync("""{"url":"http:\/\/x"}""", 1);

        await queue.PopAsync();

        var now = (Start - DateTimeOffset.UnixEpoch).TotalSeconds;
        Assert.Equal($"link:1.2.3.4:{_domain}:throttle_window", queue.WindowKey);
        Assert.Equal(now, (await _db.SortedSetRangeByRankWithScoresAsync(queue.WindowKey)).Single().Score);
        Assert.Equal(now, double.Parse((string)(await _db.StringGetAsync(queue.ModerationKey))!, CultureInfo.InvariantCulture));
        Assert.InRange((await _db.KeyTimeToLiveAsync(queue.WindowKey))!.Value.TotalSeconds, 100, 120);
        Assert.InRange((await _db.KeyTimeToLiveAsync(queue.ModerationKey))!.Value.TotalSeconds, 100, 120);
    }

    [Fact]
    public async Task Throttle_ManyConcurrentCrawlers_NeverExceedTheLimit()
    {
        var time = new ManualTimeProvider(Start);
        var policy = new ThrottlePolicy(TimeSpan.FromSeconds(60), 5, Moderated: false);
        var first = await FilledQueueAsync(policy, time, items: 200);
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var queue = new RedisThrottledQueue(_db, first.QueueKey, RedisKeys.ThrottleScope(_domain, "link", null), policy, time);
            var popped = 0;
            for (var i = 0; i < 40; i++)
            {
                popped += await queue.PopAsync() is PopOutcome.Popped ? 1 : 0;
            }

            return popped;
        }));

        var total = (await Task.WhenAll(workers)).Sum();

        Assert.Equal(5, total);
        Assert.Equal(195, await first.LengthAsync());
    }

    [Fact]
    public async Task DupeFilter_SeenOncePerCrawl_WithSlidingTimeout()
    {
        var filter = new RedisDupeFilter(_db.Multiplexer, TimeSpan.FromSeconds(600));
        var crawl = $"c{Guid.NewGuid():N}";

        Assert.False(await filter.SeenOneAsync("link", crawl, "fp1"));
        Assert.True(await filter.SeenOneAsync("link", crawl, "fp1"));
        Assert.False(await filter.SeenOneAsync("link", crawl + "-other", "fp1"));
        Assert.False(await filter.SeenOneAsync("link", crawl, "fp2"));
        Assert.InRange((await _db.KeyTimeToLiveAsync(RedisKeys.DupeFilter("link", crawl)))!.Value.TotalSeconds, 590, 600);
        Assert.Equal(2, await _db.SetLengthAsync(RedisKeys.DupeFilter("link", crawl)));
    }

    [Fact]
    public async Task DupeFilters_CheckAPagesFingerprintsInOneCall_InOrder_ARepeatNewOnlyOnce()
    {
        IDupeFilter[] filters =
        [
            new RedisDupeFilter(_db.Multiplexer, TimeSpan.FromSeconds(600)),
            new RedisBloomDupeFilter(_db.Multiplexer, new BloomFilterShape(Capacity: 1_000, ErrorRate: 0.001), TimeSpan.FromSeconds(600)),
        ];
        foreach (var filter in filters)
        {
            var crawl = $"c{Guid.NewGuid():N}";
            Assert.False(await filter.SeenOneAsync("link", crawl, "fp-b"));

            var seen = await filter.SeenAsync("link", crawl, ["fp-a", "fp-b", "fp-c", "fp-a"], attempt: null, CancellationToken.None);

            Assert.Equal([false, true, false, true], seen);
            Assert.Empty(await filter.SeenAsync("link", crawl, [], attempt: null, CancellationToken.None));
            var again = await filter.SeenAsync("link", crawl, ["fp-c", "fp-b", "fp-a"], attempt: null, CancellationToken.None);
            Assert.Equal([true, true, true], again);
        }
    }

    [Fact]
    public async Task DupeFilters_AnAttemptCheckedAgain_FindsNewWhatItFoundNew_UntilItEnds()
    {
        IDupeFilter[] filters =
        [
            new RedisDupeFilter(_db.Multiplexer, TimeSpan.FromSeconds(600)),
            new RedisBloomDupeFilter(_db.Multiplexer, new BloomFilterShape(Capacity: 1_000, ErrorRate: 0.001), TimeSpan.FromSeconds(600)),
        ];
        foreach (var filter in filters)
        {
            var crawl = $"c{Guid.NewGuid():N}";
            Assert.False(await filter.SeenOneAsync("link", crawl, "fp-old"));

            var first = await filter.SeenAsync("link", crawl, ["fp-old", "fp-a", "fp-b"], "page-1", CancellationToken.None);
            // The same page crawled again (its crawler died before queueing): its children are still new to it, not to others.
            var again = await filter.SeenAsync("link", crawl, ["fp-a", "fp-old", "fp-b", "fp-a", "fp-c"], "page-1", CancellationToken.None);
            var other = await filter.SeenAsync("link", crawl, ["fp-a", "fp-c"], "page-2", CancellationToken.None);
            await filter.EndAttemptAsync("link", crawl, "page-1", CancellationToken.None);
            var ended = await filter.SeenAsync("link", crawl, ["fp-a", "fp-b"], "page-1", CancellationToken.None);

            Assert.Equal([true, false, false], first);
            Assert.Equal([false, true, false, true, false], again);
            Assert.Equal([true, true], other);
            Assert.Equal([true, true], ended);
        }
    }

    [Fact]
    public async Task BloomDupeFilter_NeverMissesASeenFingerprint_AndStaysNearItsErrorRate()
    {
        var shape = new BloomFilterShape(Capacity: 5_000, ErrorRate: 0.01);
        var filter = new RedisBloomDupeFilter(_db.Multiplexer, shape, TimeSpan.FromSeconds(600));
        var crawl = $"c{Guid.NewGuid():N}";
        var added = Enumerable.Range(0, 5_000).Select(i => Core.Dedup.RequestFingerprint.Of("GET", $"http://a.com/page/{i}")).ToList();
        var others = Enumerable.Range(0, 5_000).Select(i => Core.Dedup.RequestFingerprint.Of("GET", $"http://b.com/other/{i}")).ToList();

        var newOnFirstSight = 0;
        foreach (var fingerprint in added)
        {
            newOnFirstSight += await filter.SeenOneAsync("link", crawl, fingerprint) ? 0 : 1;
        }

        var falsePositives = 0;
        foreach (var fingerprint in others)
        {
            falsePositives += await filter.MayContainAsync("link", crawl, fingerprint) ? 1 : 0;
        }

        foreach (var fingerprint in added.Take(500))
        {
            Assert.True(await filter.SeenOneAsync("link", crawl, fingerprint));
        }

        // At capacity the designed rate is 1 %: 50 of 5,000 expected; allow twice that for chance.
        Assert.InRange(newOnFirstSight, 4_900, 5_000);
        Assert.InRange(falsePositives, 0, 100);
        Assert.InRange((await _db.KeyTimeToLiveAsync(RedisBloomDupeFilter.Key("link", crawl)))!.Value.TotalSeconds, 590, 600);
        Assert.InRange(shape.BytesPerEntry, 1.1, 1.3);
    }

    private static string Member(PopOutcome outcome) => Assert.IsType<PopOutcome.Popped>(outcome).Member;

    private async Task<RedisThrottledQueue> FilledQueueAsync(ThrottlePolicy policy, TimeProvider time, int items)
    {
        var queue = new RedisThrottledQueue(_db, RedisKeys.Queue("link", _domain), RedisKeys.ThrottleScope(_domain, "link", null), policy, time);
        for (var i = 0; i < items; i++)
        {
            await queue.PushAsync($$"""{"n":{{i}}}""", 1);
        }

        return queue;
    }
}

[Trait("Kind", "Conformance")]
public sealed class RedisStoreConformanceTests(RedisStoreFixture fixture)
    : StoreConformance<RedisStoreFixture>(fixture), IClassFixture<RedisStoreFixture>;

[Trait("Kind", "Conformance")]
public sealed class GarnetStoreConformanceTests(GarnetStoreFixture fixture)
    : StoreConformance<GarnetStoreFixture>(fixture), IClassFixture<GarnetStoreFixture>;
