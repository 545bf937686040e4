using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Polling;
using CrawlCluster.Store.Queues;
using StackExchange.Redis;

namespace CrawlCluster.Store.Tests.Conformance;

/// <summary>The original's plain queues and the poll store on every store (CONTRACT.md Part B §3.1, §5.2).</summary>
public abstract class QueueConformance<TFixture>(TFixture fixture)
    where TFixture : IStoreFixture
{
    private readonly IDatabase _db = fixture.Connection.GetDatabase();
    private readonly string _key = $"q{Guid.NewGuid():N}";

    [Fact]
    public async Task Fifo_Stack_AndPriority_PopInTheirOrders()
    {
        var fifo = new RedisQueues(_db, _key + ":fifo");
        var stack = new RedisQueues(_db, _key + ":stack");
        var priority = new RedisQueues(_db, _key + ":priority");
        foreach (var item in new[] { "a", "b", "c" })
        {
            await fifo.PushAsync(item);
            await stack.PushAsync(item);
        }

        await priority.PushWithPriorityAsync("low", 1);
        await priority.PushWithPriorityAsync("high", 90);
        await priority.PushWithPriorityAsync("tie-b", 50);
        await priority.PushWithPriorityAsync("tie-a", 50);

        Assert.Equal(new string?[] { "a", "b", "c", null }, new[] { await fifo.DequeueAsync(), await fifo.DequeueAsync(), await fifo.DequeueAsync(), await fifo.DequeueAsync() });
        Assert.Equal(new string?[] { "c", "b", "a" }, new[] { await stack.PopNewestAsync(), await stack.PopNewestAsync(), await stack.PopNewestAsync() });
        Assert.Equal(4, await priority.PriorityLengthAsync());
        Assert.Equal(new string?[] { "high", "tie-a", "tie-b", "low", null },
            new[] { await priority.PopHighestPriorityAsync(), await priority.PopHighestPriorityAsync(), await priority.PopHighestPriorityAsync(),
             await priority.PopHighestPriorityAsync(), await priority.PopHighestPriorityAsync() });
    }

    [Fact]
    public async Task PollStore_AnswerIsTakenOnce_AndExpires()
    {
        var polls = new RedisPollStore(_db);
        var uuid = _key;

        await polls.StoreAsync(uuid, """{"uuid": "abc"}""", TimeSpan.FromMinutes(10));

        Assert.InRange((await _db.KeyTimeToLiveAsync(RedisKeys.RestPoll(uuid)))!.Value.TotalMinutes, 9, 10);
        Assert.Equal("""{"uuid": "abc"}""", await polls.TakeAsync(uuid));
        Assert.Null(await polls.TakeAsync(uuid));
    }
}

[Trait("Kind", "Conformance")]
public sealed class RedisQueueConformanceTests(RedisStoreFixture fixture)
    : QueueConformance<RedisStoreFixture>(fixture), IClassFixture<RedisStoreFixture>;

[Trait("Kind", "Conformance")]
public sealed class GarnetQueueConformanceTests(GarnetStoreFixture fixture)
    : QueueConformance<GarnetStoreFixture>(fixture), IClassFixture<GarnetStoreFixture>;
