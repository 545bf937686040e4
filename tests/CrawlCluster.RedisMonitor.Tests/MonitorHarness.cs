using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Jobs;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Stats;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Memory;
using CrawlCluster.RedisMonitor.Jobs;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CrawlCluster.RedisMonitor.Tests;

/// <summary>Redis Monitors registered and started as their host does, on a real store, answering on the in-memory bus.</summary>
internal sealed class MonitorHarness : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<ServiceProvider> _providers = [];
    private IBusConsumer _answers = null!;

    private MonitorHarness(IConnectionMultiplexer store) => Store = store;

    public IConnectionMultiplexer Store { get; }

    public MemoryMessageBus Bus { get; } = new(JsonCodec.Instance);

    public ListLogger Logger { get; } = new();

    public List<RedisMonitorService> Monitors { get; } = [];

    public IJobBoard Jobs => _providers[0].GetRequiredService<IJobBoard>();

    public TestFrontier Frontier => new(Store);

    // wrapBus puts our own port around the bus the monitors answer on, replace swaps registrations: faults on cue.
    public static async Task<MonitorHarness> StartAsync(IConnectionMultiplexer store, int monitors = 1, RedisMonitorOptions? options = null, StatsOptions? stats = null,
        Func<IMessageBus, IMessageBus>? wrapBus = null, Action<IServiceCollection>? replace = null)
    {
        var harness = new MonitorHarness(store);
        harness._answers = await harness.Bus.SubscribeAsync(new ConsumerSettings(["demo.outbound_firehose"], "test"), CancellationToken.None);
        for (var i = 0; i < monitors; i++)
        {
            var services = ComponentServices.Create(store, wrapBus?.Invoke(harness.Bus) ?? harness.Bus, harness.Logger)
                .AddRedisMonitor(options ?? new RedisMonitorOptions(), stats ?? new StatsOptions { DumpSeconds = 0 }, new TopicOptions());
            replace?.Invoke(services);
            var provider = services.BuildServiceProvider();
            harness._providers.Add(provider);
            var monitor = provider.GetRequiredService<RedisMonitorService>();
            await monitor.StartAsync(CancellationToken.None);
            await monitor.Ready.WaitAsync(Patience);
            harness.Monitors.Add(monitor);
        }

        return harness;
    }

    /// <summary>Posts a job as the Kafka Monitor does.</summary>
    public Task PostAsync(string key, string value) => Jobs.PostAsync(key, value, CancellationToken.None);

    /// <summary>The next <paramref name="count"/> answers on the outbound firehose.</summary>
    public async Task<List<JsonObject>> AnswersAsync(int count)
    {
        using var deadline = new CancellationTokenSource(Patience);
        var answers = new List<JsonObject>();
        await foreach (var message in _answers.ReadAsync(deadline.Token))
        {
            answers.Add((JsonObject)JsonNode.Parse(message.Value.Span)!);
            if (answers.Count == count)
            {
                break;
            }
        }

        return answers;
    }

    /// <summary>Queues a request of a crawl as the Kafka Monitor writes a seed.</summary>
    public Task QueueAsync(string domain, int n, string crawlId = "c1", string appId = "testapp", int priority = 1) =>
        Frontier.PushAsync(domain, $$"""{"url":"http:\/\/{{domain}}\/{{n}}","appid":"{{appId}}","crawlid":"{{crawlId}}","spiderid":"link","priority":{{priority}}}""", priority);

    public async ValueTask DisposeAsync()
    {
        foreach (var monitor in Monitors)
        {
            await monitor.StopAsync(CancellationToken.None);
        }

        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _answers.DisposeAsync();
        await Bus.DisposeAsync();
    }
}
