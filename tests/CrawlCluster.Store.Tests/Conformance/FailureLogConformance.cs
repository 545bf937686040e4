using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Frontier;

namespace CrawlCluster.Store.Tests.Conformance;

/// <summary>The cluster's recent failures on every store: newest first, bounded, foreign entries skipped.</summary>
public abstract class FailureLogConformance<TFixture>(TFixture fixture)
    where TFixture : IStoreFixture
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Recent_IsNewestFirst_AndKeepsOnlyTheLast200()
    {
        await fixture.Connection.GetDatabase().KeyDeleteAsync(CrawlClusterKeys.RecentFailures);
        var log = new RedisFailureLog(fixture.Connection);
        for (var i = 0; i < IFailureLog.Kept + 5; i++)
        {
            await log.RecordAsync(new CrawlFailure($"http://127.0.0.1/{i}", $"HTTP 50{i % 10}\nforged", "link", "app", "crawl", Start.AddSeconds(i)), default);
        }

        var recent = await log.RecentAsync(1_000, default);

        Assert.Equal(IFailureLog.Kept, await fixture.Connection.GetDatabase().ListLengthAsync(CrawlClusterKeys.RecentFailures));
        Assert.Equal(IFailureLog.Kept, recent.Count);
        Assert.Equal($"http://127.0.0.1/{IFailureLog.Kept + 4}", recent[0].Url);
        Assert.Equal("HTTP 504\nforged", recent[0].Reason);
        Assert.Equal(("link", "app", "crawl"), (recent[0].SpiderId, recent[0].AppId, recent[0].CrawlId));
        Assert.Equal(Start.AddSeconds(IFailureLog.Kept + 4), recent[0].At);
        Assert.Equal("http://127.0.0.1/5", recent[^1].Url);
        Assert.Equal(3, (await log.RecentAsync(3, default)).Count);
        Assert.Empty(await log.RecentAsync(0, default));
    }

    [Fact]
    public async Task Recent_SkipsAnEntryThatDoesNotParse()
    {
        var db = fixture.Connection.GetDatabase();
        await db.KeyDeleteAsync(CrawlClusterKeys.RecentFailures);
        var log = new RedisFailureLog(fixture.Connection);
        await log.RecordAsync(new CrawlFailure("http://127.0.0.1/a", "timeout", "link", "app", "crawl", Start), default);
        await db.ListLeftPushAsync(CrawlClusterKeys.RecentFailures, "{\"url\": 3}");

        var recent = await log.RecentAsync(10, default);

        Assert.Equal("http://127.0.0.1/a", Assert.Single(recent).Url);
    }
}

[Trait("Kind", "Conformance")]
public sealed class RedisFailureLogConformanceTests(RedisStoreFixture fixture)
    : FailureLogConformance<RedisStoreFixture>(fixture), IClassFixture<RedisStoreFixture>;

[Trait("Kind", "Conformance")]
public sealed class GarnetFailureLogConformanceTests(GarnetStoreFixture fixture)
    : FailureLogConformance<GarnetStoreFixture>(fixture), IClassFixture<GarnetStoreFixture>;
