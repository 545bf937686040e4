using CrawlCluster.Store.Embedded;
using StackExchange.Redis;

namespace CrawlCluster.Store.Tests;

[Trait("Kind", "Integration")]
public sealed class EmbeddedGarnetTests
{
    [Fact]
    public async Task Start_ServesRedisProtocolWithTransactionalLua_AndDisposesOnceSafely()
    {
        var garnet = EmbeddedGarnet.Start();
        await using (var connection = await ConnectionMultiplexer.ConnectAsync($"{garnet.EndPoint},abortConnect=true"))
        {
            var db = connection.GetDatabase();
            var result = await db.ScriptEvaluateAsync("redis.call('SET', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[1])", ["k"], ["v"]);

            Assert.Equal("v", (string?)result);
            Assert.StartsWith("127.0.0.1:", garnet.EndPoint, StringComparison.Ordinal);
        }

        garnet.Dispose();
        garnet.Dispose();
    }

    [Fact]
    public void TwoInstances_GetDifferentPorts()
    {
        using var first = EmbeddedGarnet.Start();
        using var second = EmbeddedGarnet.Start();

        Assert.NotEqual(first.Port, second.Port);
    }
}
