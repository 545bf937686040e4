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

        await polls.SaveAsync(uuid, """{"uuid": "abc"}""", TimeSpan.FromMinutes(10), CancellationToken.None);

        Assert.InRange((await _db.KeyTimeToLiveAsync(RedisKeys.RestPoll(uuid)))!.Value.TotalMinutes, 9, 10);
        Assert.Equal("""{"uuid": "abc"}""", await polls.TakeAsync(uuid, TimeSpan.FromMinutes(10), CancellationToken.None));
        Assert.Null(await polls.TakeAsync(uuid, TimeSpan.FromMinutes(10), CancellationToken.None));
    }

    [Fact]
    public async Task PollStore_CopiesFromSeveralGateways_AreHandedOutOnce()
    {
        var polls = new RedisPollStore(_db);
        var uuid = _key + "-copies";

        await polls.SaveAsync(uuid, "\"first\"", TimeSpan.FromMinutes(10), CancellationToken.None);
        await polls.SaveAsync(uuid, "\"second\"", TimeSpan.FromMinutes(10), CancellationToken.None);
        Assert.Equal("\"first\"", await polls.TakeAsync(uuid, TimeSpan.FromMinutes(10), CancellationToken.None));

        // A copy stored after the answer was taken (another instance, late) is not stored again.
        await polls.SaveAsync(uuid, "\"late\"", TimeSpan.FromMinutes(10), CancellationToken.None);
        Assert.Null(await polls.TakeAsync(uuid, TimeSpan.FromMinutes(10), CancellationToken.None));

        // A poll before any answer does not block the answer that comes next.
        var early = _key + "-early";
        Assert.Null(await polls.TakeAsync(early, TimeSpan.FromMinutes(10), CancellationToken.None));
        await polls.SaveAsync(early, "\"answer\"", TimeSpan.FromMinutes(10), CancellationToken.None);
        Assert.Equal("\"answer\"", await polls.TakeAsync(early, TimeSpan.FromMinutes(10), CancellationToken.None));
    }
}

[Trait("Kind", "Conformance")]
public sealed class RedisQueueConformanceTests(RedisStoreFixture fixture)
    : QueueConformance<RedisStoreFixture>(fixture), IClassFixture<RedisStoreFixture>;

[Trait("Kind", "Conformance")]
public sealed class GarnetQueueConformanceTests(GarnetStoreFixture fixture)
    : QueueConformance<GarnetStoreFixture>(fixture), IClassFixture<GarnetStoreFixture>;
