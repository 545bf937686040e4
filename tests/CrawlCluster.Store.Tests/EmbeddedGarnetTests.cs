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
    public async Task DataDirectory_QueuesSurviveAStopAndAStart()
    {
        var directory = Directory.CreateTempSubdirectory("crawlcluster-garnet-").FullName;
        try
        {
            using (var first = EmbeddedGarnet.Start(dataDirectory: directory))
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"{first.EndPoint},abortConnect=true");
                await connection.GetDatabase().SortedSetAddAsync("link:a.com:queue", """{"url":"http:\/\/a.com"}""", -1);
            }

            using var second = EmbeddedGarnet.Start(dataDirectory: directory);
            await using var again = await ConnectionMultiplexer.ConnectAsync($"{second.EndPoint},abortConnect=true");
            var members = await again.GetDatabase().SortedSetRangeByRankWithScoresAsync("link:a.com:queue");

            Assert.Equal("""{"url":"http:\/\/a.com"}""", (string?)Assert.Single(members).Element);
            Assert.Equal(-1, members[0].Score);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Checkpoint_WithoutDataDirectory_SaysWhy()
    {
        using var garnet = EmbeddedGarnet.Start();

        Assert.Contains("memory only", Assert.Throws<InvalidOperationException>(garnet.Checkpoint).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoInstances_GetDifferentPorts()
    {
        using var first = EmbeddedGarnet.Start();
        using var second = EmbeddedGarnet.Start();

        Assert.NotEqual(first.Port, second.Port);
    }
}
