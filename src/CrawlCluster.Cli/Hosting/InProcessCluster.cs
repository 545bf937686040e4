using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Stats;
using CrawlCluster.Crawler.Engine;
using CrawlCluster.Crawler.Spiders;
using CrawlCluster.KafkaMonitor;
using CrawlCluster.KafkaMonitor.Ingest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CrawlCluster.Cli.Hosting;

/// <summary>
/// A Kafka Monitor and crawl engines running in this process on a given bus and store (<c>crawl</c> and <c>up</c>):
/// the same components a cluster runs as separate processes, talking only through the bus and the store.
/// </summary>
internal sealed class InProcessCluster : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _monitorRun;
    private readonly List<Task> _engineRuns;

    private InProcessCluster(KafkaMonitorService monitor, IReadOnlyList<CrawlEngine> engines)
    {
        Monitor = monitor;
        Engines = engines;
        _monitorRun = monitor.RunAsync(_stop.Token);
        _engineRuns = [.. engines.Select(e => e.RunAsync(_stop.Token))];
    }

    /// <summary>The Kafka Monitor.</summary>
    public KafkaMonitorService Monitor { get; }

    /// <summary>The crawl engines.</summary>
    public IReadOnlyList<CrawlEngine> Engines { get; }

    /// <summary>Completes when any engine next ends a lease.</summary>
    public Task NextLeaseEnded => Task.WhenAny(Engines.Select(e => e.NextLeaseEnded));

    /// <summary>Starts the monitor and <paramref name="crawlers"/> engines, and waits until the monitor reads its topic.</summary>
    public static async Task<InProcessCluster> StartAsync(IMessageBus bus, IConnectionMultiplexer store, IConfiguration settings,
        KafkaMonitorOptions monitorOptions, CrawlEngineSettings engineSettings, ISpider spider, int crawlers, ILogger logger)
    {
        var monitor = new KafkaMonitorService(bus, store, settings, monitorOptions, new StatsOptions { DumpSeconds = 0 }, TimeProvider.System, logger);
        var engines = Enumerable.Range(0, Math.Max(1, crawlers))
            .Select(_ => new CrawlEngine(store, bus, spider, engineSettings, TimeProvider.System, logger)).ToList();
        var cluster = new InProcessCluster(monitor, engines);
        await monitor.Ready.ConfigureAwait(false);
        return cluster;
    }

    /// <summary>Stops everything: engines release what they hold, the monitor commits what it handled.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_engineRuns).ConfigureAwait(false);
        try
        {
            await _monitorRun.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped, as asked.
        }

        _stop.Dispose();
    }
}
