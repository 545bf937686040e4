using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Stats;
using CrawlCluster.TestSupport;
using StackExchange.Redis;

namespace CrawlCluster.Store.Tests.Conformance;

/// <summary>The original's stats counters on every store (CONTRACT.md Part B §6.1).</summary>
public abstract class StatsConformance<TFixture>(TFixture fixture)
    where TFixture : IStoreFixture
{
    private readonly IDatabase _db = fixture.Connection.GetDatabase();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly string _host = $"h{Guid.NewGuid():N}";

    [Fact]
    public async Task RollingWindow_CountsOnlyEventsInTheWindow_EvenAtTheSameInstant()
    {
        var stats = new RedisStatsCollector(_db.Multiplexer, _time);
        var key = RedisKeys.CrawlerStatusStats(_host, "link", 200, "60");

        await stats.IncrementWindowAsync(key, TimeSpan.FromSeconds(60));
        await stats.IncrementWindowAsync(key, TimeSpan.FromSeconds(60));
        _time.Advance(TimeSpan.FromSeconds(40));
        await stats.IncrementWindowAsync(key, TimeSpan.FromSeconds(60));
        Assert.Equal(3, await stats.WindowCountAsync(key, TimeSpan.FromSeconds(60)));
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(1, await stats.WindowCountAsync(key, TimeSpan.FromSeconds(60)));
        Assert.InRange((await _db.KeyTimeToLiveAsync(key))!.Value.TotalSeconds, 100, 120);
    }

    [Fact]
    public async Task RollingWindow_SizeDoesNotGrowWithTheTraffic_AndTheOriginalsMembersCountOneEach()
    {
        var stats = new RedisStatsCollector(_db.Multiplexer, _time);
        var key = RedisKeys.ComponentStats("kafka-monitor", "total" + _host, "3600");
        var window = TimeSpan.FromSeconds(3600);

        for (var i = 0; i < 100; i++)
        {
            await stats.IncrementWindowAsync(key, window, events: 1_000);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        // The original's Kafka Monitor writes one member per event: its float time.
        await _db.SortedSetAddAsync(key, [new SortedSetEntry("1795435300.123456", _time.GetUtcNow().ToUnixTimeSeconds()), new SortedSetEntry("1795435300.5", _time.GetUtcNow().ToUnixTimeSeconds())]);

        Assert.Equal(100_002, await stats.WindowCountAsync(key, window));
        Assert.InRange(await _db.SortedSetLengthAsync(key), 3, 5);
    }

    [Fact]
    public async Task HyperLogLogEvents_CountDistinctEvents_AcrossCalls()
    {
        var stats = new RedisStatsCollector(_db.Multiplexer, _time);
        var key = RedisKeys.ComponentStats("kafka-monitor", "total" + _host, RedisKeys.Lifetime);

        await stats.AddEventsToHyperLogLogAsync(key, 7_000);
        await stats.AddEventsToHyperLogLogAsync(key, 3_000);

        Assert.InRange(await stats.HyperLogLogCountAsync(key), 9_800, 10_200);
    }

    [Fact]
    public async Task TimeWindow_CountsOnlyWhileItsWindowIsOpen()
    {
        var window = new RedisTimeWindow(fixture.Connection, _host + ":tw", TimeSpan.FromSeconds(60), roll: false, keepMax: null, _time);

        Assert.Equal(1, await window.IncrementAsync());
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(2, await window.IncrementAsync());
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(-1, await window.IncrementAsync());
        Assert.Equal(2, await window.CountAsync());
        Assert.Equal(_host + ":tw", window.CurrentKey);
    }

    [Fact]
    public async Task RolledTimeWindow_StartsAKeyPerWindow_AndKeepsTheNewest()
    {
        var window = new RedisTimeWindow(fixture.Connection, _host + ":tw", TimeSpan.FromSeconds(60), roll: true, keepMax: 2, _time);

        Assert.Equal(_host + ":tw:2026-11-23_12:00:00", window.CurrentKey);
        await window.IncrementAsync();
        await window.IncrementAsync();
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1, await window.IncrementAsync());
        Assert.Equal(_host + ":tw:2026-11-23_12:01:00", window.CurrentKey);
        Assert.Equal(2, await _db.SortedSetLengthAsync(_host + ":tw:2026-11-23_12:00:00"));
        _time.Advance(TimeSpan.FromSeconds(60));
        await window.IncrementAsync();

        Assert.False(await _db.KeyExistsAsync(_host + ":tw:2026-11-23_12:00:00"));
        Assert.True(await _db.KeyExistsAsync(_host + ":tw:2026-11-23_12:01:00"));
        Assert.Equal(1, await window.CountAsync());
    }

    [Fact]
    public async Task RolledCounters_WriteTheWindowsKey_AndKeepMaxPrunesTheOldest()
    {
        var stats = new RedisStatsCollector(_db.Multiplexer, _time);
        var window = TimeSpan.FromHours(1);
        for (var hour = 0; hour < 4; hour++)
        {
            await stats.IncrementCounterAsync(StatsRoll.KeyFor(_host + ":rc", window, _time.GetUtcNow()));
            await stats.AddToHyperLogLogAsync(StatsRoll.KeyFor(_host + ":rh", window, _time.GetUtcNow()), "item");
            _time.Advance(window);
        }

        Assert.Equal(1, await stats.CounterAsync(_host + ":rc:2026-11-23_13:00:00"));
        Assert.Equal(2, await StatsRoll.PurgeOldAsync(fixture.Connection, _host + ":rc", keep: 2));
        Assert.False(await _db.KeyExistsAsync(_host + ":rc:2026-11-23_13:00:00"));
        Assert.True(await _db.KeyExistsAsync(_host + ":rc:2026-11-23_15:00:00"));
        Assert.Equal(1, await stats.HyperLogLogCountAsync(_host + ":rh:2026-11-23_12:00:00"));
    }

    [Fact]
    public async Task Lifetime_HyperLogLog_CountsDistinctItemsWithinTwoPercent()
    {
        var stats = new RedisStatsCollector(_db.Multiplexer, _time);
        var key = RedisKeys.ComponentStats("kafka-monitor", $"total{_host}", RedisKeys.Lifetime);
        var batch = _db.CreateBatch();
        var adds = Enumerable.Range(0, 5000).Select(i => batch.HyperLogLogAddAsync(key, $"message {i}")).ToList();
        batch.Execute();
        await Task.WhenAll(adds);
        await stats.AddToHyperLogLogAsync(key, "message 1");

        Assert.InRange(await stats.HyperLogLogCountAsync(key), 4900, 5100);
    }

    [Fact]
    public async Task Counters_UniqueCountersAndBitmaps()
    {
        var stats = new RedisStatsCollector(_db.Multiplexer, _time);

        for (var i = 0; i < 3; i++)
        {
            await stats.IncrementCounterAsync(_host + ":counter");
            await stats.AddUniqueAsync(_host + ":unique", "same");
            await stats.SetBitAsync(_host + ":bitmap", i * 2);
        }

        Assert.Equal(3, await stats.CounterAsync(_host + ":counter"));
        Assert.Equal(0, await stats.CounterAsync(_host + ":missing"));
        Assert.Equal(1, await stats.UniqueCountAsync(_host + ":unique"));
        Assert.Equal(3, await stats.BitCountAsync(_host + ":bitmap"));
    }
}

[Trait("Kind", "Conformance")]
public sealed class RedisStatsConformanceTests(RedisStoreFixture fixture)
    : StatsConformance<RedisStoreFixture>(fixture), IClassFixture<RedisStoreFixture>;

[Trait("Kind", "Conformance")]
public sealed class GarnetStatsConformanceTests(GarnetStoreFixture fixture)
    : StatsConformance<GarnetStoreFixture>(fixture), IClassFixture<GarnetStoreFixture>;
