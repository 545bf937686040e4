using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.KafkaMonitor.Plugins;
using CrawlCluster.KafkaMonitor.Tests.Ingest;
using CrawlCluster.TestSupport;

namespace CrawlCluster.KafkaMonitor.Tests.Plugins;

[Trait("Kind", "Conformance")]
public sealed class PluginLoaderTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly string ExampleDirectory = Path.Combine(AppContext.BaseDirectory, "example-plugins");

    [Fact]
    public async Task BuiltInPlugins_AreRankedAsPLUGINSSays_AndNullDisablesOne()
    {
        var ranks = new Dictionary<string, int?> { ["ScraperHandler"] = 300, ["ActionHandler"] = 100, ["StatsHandler"] = null, ["ZookeeperHandler"] = 200 };

        var plugins = await PluginLoader.LoadAsync(ranks, "no-such-dir", new ListLogger());

        Assert.Equal(["ActionHandler", "ZookeeperHandler", "ScraperHandler"], plugins.Select(p => p.Plugin.Name));
    }

    [Fact]
    public async Task UnknownPluginInPLUGINS_StopsTheStartWithAClearError()
    {
        var ranks = new Dictionary<string, int?> { ["ScraperHandler"] = 100, ["NoSuchHandler"] = 500 };

        var error = await Assert.ThrowsAsync<PluginLoadException>(() => PluginLoader.LoadAsync(ranks, "no-such-dir", new ListLogger()));

        Assert.Contains("PLUGINS names NoSuchHandler", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExamplePlugin_FromPLUGIN_DIR_HandlesItsRequests()
    {
        Assert.True(File.Exists(Path.Combine(ExampleDirectory, "CrawlCluster.Examples.KafkaMonitorPlugin.dll")));
        var options = new KafkaMonitorOptions { PluginDirectory = ExampleDirectory };
        options.Plugins["MyStringHandler"] = 500;
        await using var monitor = await MonitorHarness.StartAsync(redis.Server.Connection, options);

        await monitor.FeedAsync("""{"uuid":"abc","my_string":"hello"}""");
        await monitor.FeedAsync("""{"uuid":"abc","my_string":""}""");
        await monitor.WaitForFinishedAsync(2);

        Assert.Equal("hello", (string?)await redis.Server.Connection.GetDatabase().StringGetAsync("mystring:abc"));
        Assert.Equal((1, 1), (monitor.Service.Stats.Handled, monitor.Service.Stats.Failed));
    }

    [Fact]
    public async Task PluginInPLUGIN_DIR_WithoutARank_IsNotLoaded_AndSaysSo()
    {
        var logger = new ListLogger();

        var plugins = await PluginLoader.LoadAsync(new KafkaMonitorOptions().Plugins, ExampleDirectory, logger);

        Assert.DoesNotContain(plugins, p => p.Plugin.Name == "MyStringHandler");
        Assert.Contains(logger.Entries, e => e.Message.Contains("MyStringHandler", StringComparison.Ordinal) && e.Message.Contains("no rank", StringComparison.Ordinal));
    }
}
