using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Stats;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Memory;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace CrawlCluster.KafkaMonitor.Tests.Ingest;

/// <summary>A Kafka Monitor running in this process on the in-memory bus, against a real store.</summary>
internal sealed class MonitorHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private MonitorHarness(IConnectionMultiplexer store, KafkaMonitorOptions options, StatsOptions? stats, IMessageBus? bus)
    {
        Options = options;
        Bus = bus ?? new MemoryMessageBus(JsonCodec.Instance);
        Logger = new ListLogger();
        var settings = new ConfigurationBuilder().AddInMemoryCollection([]).Build();
        Service = new KafkaMonitorService(Bus, store, settings, options, stats ?? new StatsOptions { DumpSeconds = 0 }, TimeProvider.System, Logger);
        _running = Service.RunAsync(_stop.Token);
    }

    public IMessageBus Bus { get; }

    public KafkaMonitorOptions Options { get; }

    public KafkaMonitorService Service { get; }

    public ListLogger Logger { get; }

    public static async Task<MonitorHarness> StartAsync(IConnectionMultiplexer store, KafkaMonitorOptions? options = null,
        StatsOptions? stats = null, IMessageBus? bus = null)
    {
        var harness = new MonitorHarness(store, options ?? new KafkaMonitorOptions(), stats, bus);
        await harness.Service.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        return harness;
    }

    public ValueTask FeedAsync(string json) => FeedAsync(System.Text.Encoding.UTF8.GetBytes(json));

    public ValueTask FeedAsync(byte[] bytes) => Bus.ProduceAsync(Options.IncomingTopic, new BusMessage(bytes), CancellationToken.None);

    /// <summary>Waits until the monitor is done with <paramref name="count"/> messages in all.</summary>
    public Task WaitForFinishedAsync(long count) =>
        Service.Stats.WaitForFinishedAsync(count, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        await Bus.DisposeAsync();
        _stop.Dispose();
    }
}
