using CrawlCluster.Core.Bus;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Redis;
using CrawlCluster.TestSupport;

namespace CrawlCluster.Messaging.Tests.Redis;

/// <summary>
/// A Redis Streams consumer across redis-server restarts: it waits the outage out instead of ending its read, and when
/// Redis comes back without its data (no persistence) it creates its group again and reads what is produced next.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class RedisStreamsOutageTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(null)]
    [InlineData("always")]
    public async Task ARestartedRedis_WithOrWithoutItsData_TheConsumerReadsOn(string? appendFsync)
    {
        await using var redis = await RedisServer.StartAsync(appendFsync);
        var logger = new ListLogger();
        await using var bus = new RedisStreamsMessageBus(redis.Connection, JsonCodec.Instance, 10_000, TimeSpan.FromSeconds(3), logger);
        await using var consumer = await bus.SubscribeAsync(new ConsumerSettings(["t.outage"], "g"), CancellationToken.None);
        using var deadline = new CancellationTokenSource(Patience);
        await using var reading = consumer.ReadAsync(deadline.Token).GetAsyncEnumerator(deadline.Token);
        await bus.ProduceAsync("t.outage", BusMessage.FromJson("""{"n": 1}"""), CancellationToken.None);
        Assert.True(await reading.MoveNextAsync());
        await consumer.CommitAsync(reading.Current, CancellationToken.None);

        redis.Stop();
        var next = reading.MoveNextAsync().AsTask();
        await logger.WaitForAsync("Redis unreachable while reading t.outage", Patience);
        await redis.RestartAsync();
        await ProduceUntilDeliveredAsync(bus, next, deadline.Token);

        Assert.True(await next);
        Assert.Equal("""{"n": 2}""", reading.Current.Text);
        Assert.Contains(logger.Entries, e => e.Message.StartsWith("Reading t.outage again after", StringComparison.Ordinal));
        Assert.Equal(appendFsync is null, logger.Entries.Any(e => e.Message.Contains("Consumer group g of t.outage was gone", StringComparison.Ordinal)));
    }

    // The store reconnects in its own time: produce once it takes writes again.
    private static async Task ProduceUntilDeliveredAsync(IMessageBus bus, Task<bool> delivered, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await bus.ProduceAsync("t.outage", BusMessage.FromJson("""{"n": 2}"""), cancellationToken);
                return;
            }
            catch (BusException)
            {
                Assert.False(delivered.IsCompleted);
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
