using CrawlCluster.Core.Stats;
using CrawlCluster.Core.Store;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Stats;
using CrawlCluster.TestSupport;
using StackExchange.Redis;

namespace CrawlCluster.Store.Tests;

/// <summary>A store that goes away after start-up: health turns false, calls wait and retry, and succeed when it is back.</summary>
[Trait("Kind", "Integration")]
public sealed class StoreOutageTests
{
    [Fact]
    public async Task RedisRestart_HealthGoesDownAndUp_AndARetriedCallSucceedsAfterwards()
    {
        await using var server = await RedisServer.StartAsync();
        var options = new RedisOptions { Host = "127.0.0.1", Port = server.Port, SocketTimeoutSeconds = 2 };
        await using var redis = (ConnectionMultiplexer)await RedisConnection.ConnectAsync(options);
        var retried = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = StoreResilience.Create(TimeSpan.FromSeconds(60), (_, _) => retried.TrySetResult());
        Assert.True((await StoreHealth.CheckAsync(redis)).Connected);

        server.Stop();
        Assert.False((await StoreHealth.CheckAsync(redis)).Connected);
        var call = pipeline.ExecuteAsync(async _ => await redis.GetDatabase().StringSetAsync("after-outage", "written"), CancellationToken.None).AsTask();
        await retried.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(call.IsCompleted);
        await server.RestartAsync();

        Assert.True(await call.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("written", (string?)await redis.GetDatabase().StringGetAsync("after-outage"));
        Assert.True((await StoreHealth.CheckAsync(redis)).Connected);
    }

    [Fact]
    public async Task StatsBuffer_FlushDuringAnOutage_KeepsTheEvents_AndWritesThemWhenTheStoreIsBack()
    {
        await using var server = await RedisServer.StartAsync();
        var options = new RedisOptions { Host = "127.0.0.1", Port = server.Port, SocketTimeoutSeconds = 2 };
        await using var redis = (ConnectionMultiplexer)await RedisConnection.ConnectAsync(options);
        var buffer = new StatsBuffer(new RedisStatsCollector(redis, TimeProvider.System));
        for (var i = 0; i < 5; i++)
        {
            buffer.CountInWindow("stats:test:total:900", TimeSpan.FromSeconds(900));
            buffer.CountInLifetime("stats:test:total:lifetime");
        }

        server.Stop();
        await Assert.ThrowsAsync<StoreException>(() => buffer.FlushAsync());
        buffer.CountInWindow("stats:test:total:900", TimeSpan.FromSeconds(900));
        await server.RestartAsync();
        await buffer.FlushAsync();

        Assert.Equal(6, await new RedisStatsCollector(redis, TimeProvider.System).WindowCountAsync("stats:test:total:900", TimeSpan.FromSeconds(900)));
        Assert.Equal(5, await redis.GetDatabase().HyperLogLogLengthAsync("stats:test:total:lifetime"));
    }

    [Fact]
    public async Task Connect_NothingListening_FailsFastNamingTheAddress()
    {
        var port = FreePort.Next();

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() =>
            RedisConnection.ConnectAsync(new RedisOptions { Host = "127.0.0.1", Port = port, SocketTimeoutSeconds = 2 }));

        Assert.StartsWith($"redis: cannot connect to 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }
}
