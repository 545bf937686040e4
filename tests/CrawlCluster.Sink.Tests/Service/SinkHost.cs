using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Sink;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Sink.Tests.Service;

/// <summary>The sink in a generic host, as the composition root registers it, over a given bus and database.</summary>
internal sealed class SinkHost : IAsyncDisposable
{
    private readonly IHost _host;

    private SinkHost(IHost host, ListLogger log)
    {
        _host = host;
        Log = log;
        Service = host.Services.GetRequiredService<SinkService>();
        Health = host.Services.GetRequiredService<SinkHealth>();
    }

    public SinkService Service { get; }

    public SinkHealth Health { get; }

    /// <summary>What the sink logged.</summary>
    public ListLogger Log { get; }

    public static async Task<SinkHost> StartAsync(IMessageBus bus, ISinkDatabase database, SinkPlan plan)
    {
        var log = new ListLogger();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<ILoggerFactory>(new SingleLoggerFactory(log));
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton(bus);
        builder.Services.AddSingleton(database);
        builder.Services.AddSink(plan);
        var sinkHost = new SinkHost(builder.Build(), log);
        await sinkHost._host.StartAsync();
        await sinkHost.Service.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        return sinkHost;
    }

    /// <summary>Stops the host (the sink writes what it holds) and fails the test if the sink faulted.</summary>
    public async Task StopAsync()
    {
        await _host.StopAsync();
        if (Service.ExecuteTask is { IsFaulted: true } task)
        {
            throw new InvalidOperationException("the sink faulted", task.Exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    public static SinkPlan Plan(string topic = SinkMessages.Pages, int batchSize = 1000, double maxAgeSeconds = 0.05, string group = "sink-test") => new()
    {
        Topics = [topic],
        Group = group,
        BatchSize = batchSize,
        BatchMaxAge = TimeSpan.FromSeconds(maxAgeSeconds),
        RetryCap = TimeSpan.FromMilliseconds(500),
        Writers = 2,
    };

    private sealed class SingleLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }
}
