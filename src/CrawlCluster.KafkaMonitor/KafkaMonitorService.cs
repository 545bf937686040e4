using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Hosting;
using CrawlCluster.Core.Jobs;
using CrawlCluster.Core.Json;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Logging;
using CrawlCluster.Core.Stats;
using CrawlCluster.Core.Store;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.KafkaMonitor.Plugins;
using CrawlCluster.KafkaMonitor.Stats;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrawlCluster.KafkaMonitor;

/// <summary>
/// A running Kafka Monitor (<c>crawlcluster kafka-monitor run</c>): loads and sets up the plugins, consumes
/// KAFKA_INCOMING_TOPIC in group KAFKA_GROUP, and beside the loop writes its stats, its heartbeat
/// (<c>stats:kafka-monitor:self:&lt;host&gt;:&lt;id&gt;</c>) and, every STATS_DUMP seconds, the stats dump to the log.
/// </summary>
internal sealed class KafkaMonitorService : BackgroundService
{
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(1);
    private readonly IMessageBus _bus;
    private readonly IFrontierQueue _frontier;
    private readonly IJobBoard _jobs;
    private readonly IHeartbeats _heartbeats;
    private readonly IConfiguration _settings;
    private readonly IServiceProvider _services;
    private readonly KafkaMonitorOptions _options;
    private readonly StatsOptions _statsOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProcessIdentity _identity = ProcessIdentity.Create();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public KafkaMonitorService(IMessageBus bus, IFrontierQueue frontier, IJobBoard jobs, IStatsStore stats, IHeartbeats heartbeats, IConfiguration settings,
        IServiceProvider services, IOptions<KafkaMonitorOptions> options, IOptions<StatsOptions> statsOptions, TimeProvider time, ILogger<KafkaMonitorService> logger)
    {
        _bus = bus;
        _frontier = frontier;
        _jobs = jobs;
        _heartbeats = heartbeats;
        _settings = settings;
        _services = services;
        _options = options.Value;
        _statsOptions = statsOptions.Value;
        _time = time;
        _logger = logger;
        Stats = new KafkaMonitorStats(stats, _statsOptions.WindowSeconds, _options.StatsTotal, _options.StatsPlugins);
    }

    /// <summary>This process's counters.</summary>
    public KafkaMonitorStats Stats { get; }

    /// <summary>Completes once the monitor has joined its group and reads the topic; faults if it could not start.</summary>
    public Task Ready => _ready.Task;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var plugins = await PluginLoader.LoadAsync(_options.Plugins, _options.PluginDirectory, _logger).ConfigureAwait(false);
            var context = new PluginContext(_settings, _frontier, _jobs, _time, _logger, _services);
            foreach (var ranked in plugins)
            {
                await ranked.Plugin.SetupAsync(context, stoppingToken).ConfigureAwait(false);
            }

            await _bus.EnsureTopicAsync(_options.IncomingTopic, stoppingToken).ConfigureAwait(false);
            await using var consumer = await _bus.SubscribeAsync(new ConsumerSettings([_options.IncomingTopic], _options.Group), stoppingToken).ConfigureAwait(false);
            await consumer.WaitUntilReadyAsync(stoppingToken).ConfigureAwait(false);
            Log.Started(_logger, _options.IncomingTopic, _options.Group, _bus.Platform,
                string.Join(", ", plugins.Select(p => $"{p.Plugin.Name} ({p.Rank})")));
            _ready.TrySetResult();

            using var stopMaintenance = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var maintenance = MaintainAsync([.. plugins.Select(p => p.Plugin.Name)], stopMaintenance.Token);
            try
            {
                await new IngestLoop(plugins, Stats, _options, _time, _logger).RunAsync(consumer, stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                await stopMaintenance.CancelAsync().ConfigureAwait(false);
                await maintenance.ConfigureAwait(false);
                await StoreWork.TryAsync(Stats.FlushAsync, ReportStatsFailure).ConfigureAwait(false);
                Log.Closing(_logger);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _ready.TrySetCanceled(stoppingToken);
        }
        catch (Exception ex)
        {
            _ready.TrySetException(ex);
            throw;
        }
    }

    private Task MaintainAsync(IReadOnlyList<string> plugins, CancellationToken cancellationToken)
    {
        long? lastDump = null;

        // A block of unchanged counters (an idle monitor) is written once a day, not every STATS_DUMP seconds.
        var unchanged = new RepeatedWarning(TimeSpan.FromDays(1));
        return StoreWork.RunPeriodicallyAsync(MaintenanceInterval, async () =>
        {
            await Stats.FlushAsync().ConfigureAwait(false);
            await _heartbeats.BeatAsync(RedisKeys.Heartbeat("kafka-monitor", _identity.Host, _identity.Id),
                TimeSpan.FromSeconds(_options.HeartbeatTimeoutSeconds), cancellationToken).ConfigureAwait(false);
            if (_statsOptions.DumpSeconds > 0)
            {
                var slot = _time.GetUtcNow().ToUnixTimeSeconds() / _statsOptions.DumpSeconds;
                if (slot != lastDump)
                {
                    lastDump = slot;
                    var dump = WireJson.Serialize(await Stats.DumpAsync(plugins).ConfigureAwait(false), WireJsonStyle.Python, sortKeys: true, indent: 4);
                    if (unchanged.ShouldSay(dump, _time.GetUtcNow()))
                    {
                        Log.StatsDump(_logger, dump);
                    }
                }
            }
        }, ReportStatsFailure, _time, cancellationToken);
    }

    private void ReportStatsFailure(StoreException exception) => Log.StatsFailed(_logger, exception.Message);
}
