using System.Globalization;
using CrawlCluster.TestSupport;
using StackExchange.Redis;

namespace CrawlCluster.IntegrationTests.Security;

/// <summary>
/// Secrets given to the processes — the gateway's API key, a database password, the store's password — appear in no
/// log line, in no <c>settings</c> listing and in nothing the processes write to the store (stats, heartbeats).
/// </summary>
[Trait("Kind", "Integration")]
public sealed class SecretsTests : IAsyncLifetime
{
    private const string Marker = "s3cret-";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Secrets_AreInNoLogLine_NoSettingsListing_AndNothingWrittenToTheStore()
    {
        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = "redis",
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = _redis.Port.ToString(CultureInfo.InvariantCulture),
            ["REST_API_KEY"] = Marker + "api-key",
            ["FLASK_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            // Nothing listens there: the sink reports the outage, which names the database.
            ["SINK_DATABASE_URL"] = $"postgresql://crawl:{Marker}db-password@127.0.0.1:{FreePort.Next()}/pages",
            ["STATS_DUMP"] = "1",
        };
        await using var rest = RunningProcess.StartCrawlCluster(environment, "rest");
        await using var sink = RunningProcess.StartCrawlCluster(environment, "sink");
        await using var monitor = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run");
        await rest.WaitForLineAsync("Rest gateway listening", Patience);
        await sink.WaitForLineAsync("Database unavailable", Patience);
        await monitor.WaitForLineAsync("Stats Dump", Patience);
        await using var settings = RunningProcess.StartCrawlCluster(environment, "settings");
        Assert.Equal(0, await settings.WaitForExitAsync(Patience));
        // The store's password too: the listing is the one place it could show, as no server here asks for one.
        await using var withPassword = RunningProcess.StartCrawlCluster(new Dictionary<string, string>(environment) { ["REDIS_PASSWORD"] = Marker + "redis" }, "settings");
        Assert.Equal(0, await withPassword.WaitForExitAsync(Patience));

        foreach (var process in new[] { rest, sink, monitor, settings, withPassword })
        {
            Assert.DoesNotContain(Marker, process.AllText, StringComparison.Ordinal);
        }

        Assert.Contains("REST_API_KEY", settings.AllText, StringComparison.Ordinal);
        Assert.Contains("SINK_DATABASE_URL", settings.AllText, StringComparison.Ordinal);
        var server = _redis.Connection.GetServer(_redis.EndPoint);
        var keys = await server.KeysAsync(pattern: "*").ToListAsync();
        Assert.Contains(keys, k => k.ToString().StartsWith("stats:", StringComparison.Ordinal));
        foreach (var key in keys)
        {
            Assert.DoesNotContain(Marker, await DumpAsync(_redis.Connection.GetDatabase(), key), StringComparison.Ordinal);
        }
    }

    private static async Task<string> DumpAsync(IDatabase db, RedisKey key) => (await db.KeyTypeAsync(key)) switch
    {
        RedisType.String => (string?)await db.StringGetAsync(key) ?? "",
        RedisType.Hash => string.Join('\n', (await db.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}")),
        RedisType.List => string.Join('\n', await db.ListRangeAsync(key)),
        RedisType.Set => string.Join('\n', await db.SetMembersAsync(key)),
        RedisType.SortedSet => string.Join('\n', await db.SortedSetRangeByRankAsync(key)),
        RedisType.Stream => string.Join('\n', (await db.StreamRangeAsync(key)).SelectMany(e => e.Values).Select(v => $"{v.Name}={v.Value}")),
        _ => "",
    };
}
