using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Stats;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Memory;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CrawlCluster.KafkaMonitor.Tests.Ingest;

/// <summary>A Kafka Monitor registered and started as its host does, on the in-memory bus, against a real store.</summary>
internal sealed class MonitorHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private MonitorHarness(IConnectionMultiplexer store, KafkaMonitorOptions options, StatsOptions? stats, IMessageBus? bus)
    {
        Options = options;
        Bus = bus ?? new MemoryMessageBus(JsonCodec.Instance);
        _services = ComponentServices.Create(store, Bus, Logger).AddKafkaMonitor(options, stats ?? new StatsOptions { DumpSeconds = 0 }).BuildServiceProvider();
        Service = _services.GetRequiredService<KafkaMonitorService>();
    }

    public IMessageBus Bus { get; }

    public KafkaMonitorOptions Options { get; }

    public KafkaMonitorService Service { get; }

    public ListLogger Logger { get; } = new();

    public static async Task<MonitorHarness> StartAsync(IConnectionMultiplexer store, KafkaMonitorOptions? options = null,
        StatsOptions? stats = null, IMessageBus? bus = null)
    {
        var harness = new MonitorHarness(store, options ?? new KafkaMonitorOptions(), stats, bus);
        await harness.Service.StartAsync(CancellationToken.None);
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
        await Service.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        await Bus.DisposeAsync();
    }
}
