using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Locks;
using CrawlCluster.Store.Stats;
using CrawlCluster.TestSupport;
using StackExchange.Redis;

namespace CrawlCluster.Store.Tests.Conformance;

/// <summary>Job locks and heartbeats on every store (CONTRACT.md Part B §4.1).</summary>
public abstract class LockConformance<TFixture>(TFixture fixture)
    where TFixture : IStoreFixture
{
    private readonly IDatabase _db = fixture.Connection.GetDatabase();
    private readonly string _job = $"info:link:app{Guid.NewGuid():N}";

    [Fact]
    public async Task Lock_OneHolderAtATime_ReleasedOnlyByItsHolder_WithASignal()
    {
        var locks = new RedisJobLock(_db.Multiplexer);

        var token = await locks.TryAcquireAsync(_job, TimeSpan.FromSeconds(6));
        Assert.NotNull(token);
        Assert.Null(await locks.TryAcquireAsync(_job, TimeSpan.FromSeconds(6)));
        Assert.False(await locks.ReleaseAsync(_job, "someone-else"));
        Assert.True(await locks.RenewAsync(_job, token!, TimeSpan.FromSeconds(6)));

        Assert.True(await locks.ReleaseAsync(_job, token!));

        Assert.Equal(1, await _db.ListLengthAsync(RedisKeys.LockSignal(_job)));
        Assert.NotNull(await locks.TryAcquireAsync(_job, TimeSpan.FromSeconds(6)));
    }

    [Fact]
    public async Task Lock_ExpiresWithoutRenewal_AndTheLateHolderCannotReleaseTheNewOne()
    {
        var locks = new RedisJobLock(_db.Multiplexer);
        var first = await locks.TryAcquireAsync(_job, TimeSpan.FromMilliseconds(50));
        await _db.KeyDeleteAsync(RedisKeys.Lock(_job)); // Stands for the expiry, without sleeping.

        var second = await locks.TryAcquireAsync(_job, TimeSpan.FromSeconds(6));

        Assert.NotNull(second);
        Assert.False(await locks.RenewAsync(_job, first!, TimeSpan.FromSeconds(6)));
        Assert.False(await locks.ReleaseAsync(_job, first!));
        Assert.Equal(second, (string?)await _db.StringGetAsync(RedisKeys.Lock(_job)));
    }

    [Fact]
    public async Task Heartbeat_HoldsTheTime_AndExpires()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var key = RedisKeys.Heartbeat("kafka-monitor", $"host{Guid.NewGuid():N}", "d209adf2aa01");

        await new RedisHeartbeat(_db.Multiplexer, time).BeatAsync(key, TimeSpan.FromSeconds(120));

        Assert.Equal(EpochSeconds.Text(time.GetUtcNow()), (string?)await _db.StringGetAsync(key));
        Assert.InRange((await _db.KeyTimeToLiveAsync(key))!.Value.TotalSeconds, 110, 120);
    }
}

[Trait("Kind", "Conformance")]
public sealed class RedisLockConformanceTests(RedisStoreFixture fixture)
    : LockConformance<RedisStoreFixture>(fixture), IClassFixture<RedisStoreFixture>;

[Trait("Kind", "Conformance")]
public sealed class GarnetLockConformanceTests(GarnetStoreFixture fixture)
    : LockConformance<GarnetStoreFixture>(fixture), IClassFixture<GarnetStoreFixture>;
