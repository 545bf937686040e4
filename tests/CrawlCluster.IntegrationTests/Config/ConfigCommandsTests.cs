using System.Globalization;
using CrawlCluster.TestSupport;

namespace CrawlCluster.IntegrationTests.Config;

/// <summary><c>crawlcluster config push</c> and <c>config show</c> against a real redis-server.</summary>
[Trait("Kind", "Integration")]
public sealed class ConfigCommandsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("crawlcluster-config-").FullName;
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task PushThenShow_PrintsTheConfigurationInTheOriginalsYaml()
    {
        var file = Path.Combine(_directory, "domains.yml");
        await File.WriteAllTextAsync(file, "blacklist:\n- example.com\ndomains:\n  dmoztools.net: {window: 60, hits: 60, scale: 1.0}\n  incomplete.com: {hits: 5}\n");

        await using var push = RunningProcess.StartCrawlCluster(Environment(), "config", "push", file);
        Assert.Equal(0, await push.WaitForExitAsync(Patience));
        await using var show = RunningProcess.StartCrawlCluster(Environment(), "config", "show");
        Assert.Equal(0, await show.WaitForExitAsync(Patience));

        Assert.Contains($"Pushed {file}: 1 domains, 1 blacklisted (version 1)", push.Output);
        Assert.Equal(["blacklist:", "- example.com", "domains:", "  dmoztools.net:", "    hits: 60", "    scale: 1.0", "    window: 60"], show.Output);
    }

    [Fact]
    public async Task Push_NotYaml_Exits2_AndChangesNothing()
    {
        var file = Path.Combine(_directory, "bad.yml");
        await File.WriteAllTextAsync(file, "domains: [unclosed");

        await using var push = RunningProcess.StartCrawlCluster(Environment(), "config", "push", file);

        Assert.Equal(2, await push.WaitForExitAsync(Patience));
        Assert.Contains("not valid YAML", push.AllText, StringComparison.Ordinal);
        Assert.False(await _redis.Connection.GetDatabase().KeyExistsAsync("cc:config:/scrapy-cluster/crawler/all"));
    }

    [Fact]
    public async Task Push_BadEntries_IsRefusedWhole_NamingEachEntryAndField_AndTheStoredConfigurationStays()
    {
        var good = Path.Combine(_directory, "good.yml");
        await File.WriteAllTextAsync(good, "blacklist: []\ndomains:\n  kept.com: {window: 60, hits: 10}\n");
        await using (var first = RunningProcess.StartCrawlCluster(Environment(), "config", "push", good))
        {
            Assert.Equal(0, await first.WaitForExitAsync(Patience));
        }

        var bad = Path.Combine(_directory, "bad-values.yml");
        await File.WriteAllTextAsync(bad, "domains:\n  a.com: {window: abc, hits: 5}\n  b.com: {window: 60, hits: -5}\n  c.com: {window: 60, hits: 5, scale: 2}\n");
        await using var push = RunningProcess.StartCrawlCluster(Environment(), "config", "push", bad);

        Assert.Equal(2, await push.WaitForExitAsync(Patience));
        Assert.Contains("domains.a.com.window: 'abc' is not a number", push.AllText, StringComparison.Ordinal);
        Assert.Contains("domains.b.com.hits: -5 must be a whole number of at least 1", push.AllText, StringComparison.Ordinal);
        Assert.Contains("domains.c.com.scale: 2 must be between 0 and 1", push.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("Pushed", push.AllText, StringComparison.Ordinal);
        await using var show = RunningProcess.StartCrawlCluster(Environment(), "config", "show");
        Assert.Equal(0, await show.WaitForExitAsync(Patience));
        Assert.Contains("  kept.com:", show.Output);
    }

    [Fact]
    public async Task Show_NoRedis_Exits1_NamingTheAddress()
    {
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await using var show = RunningProcess.StartCrawlCluster(new Dictionary<string, string> { ["REDIS_PORT"] = port, ["REDIS_SOCKET_TIMEOUT"] = "2" }, "config", "show");

        Assert.Equal(1, await show.WaitForExitAsync(Patience));
        Assert.Contains($"redis: cannot connect to localhost:{port}", show.AllText, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["REDIS_HOST"] = "127.0.0.1",
        ["REDIS_PORT"] = _redis.Port.ToString(CultureInfo.InvariantCulture),
    };
}
