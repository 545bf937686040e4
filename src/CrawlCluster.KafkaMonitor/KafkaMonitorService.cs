using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Hosting;
using CrawlCluster.Core.Json;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Stats;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.KafkaMonitor.Plugins;
using CrawlCluster.KafkaMonitor.Stats;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Stats;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CrawlCluster.KafkaMonitor;

/// <summary>
/// A running Kafka Monitor (<c>crawlcluster kafka-monitor run</c>): loads and sets up the plugins, consumes
/// KAFKA_INCOMING_TOPIC in group KAFKA_GROUP, and beside the loop writes its stats, its heartbeat
/// (<c>stats:kafka-monitor:self:&lt;host&gt;:&lt;id&gt;</c>) and, every STATS_DUMP seconds, the stats dump to the log.
/// </summary>
public sealed class KafkaMonitorService
{
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(1);
    private readonly IMessageBus _bus;
    private readonly IConnectionMultiplexer _store;
    private readonly IConfiguration _settings;
    private readonly KafkaMonitorOptions _options;
    private readonly StatsOptions _statsOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProcessIdentity _identity = ProcessIdentity.Create();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the service.</summary>
    /// <param name="bus">The bus the requests arrive on.</param>
    /// <param name="store">The store.</param>
    /// <param name="settings">Every setting, for the plugins.</param>
    /// <param name="options">The Kafka Monitor's settings.</param>
    /// <param name="statsOptions">STATS_TIMES and STATS_DUMP.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    public KafkaMonitorService(IMessageBus bus, IConnectionMultiplexer store, IConfiguration settings, KafkaMonitorOptions options,
        StatsOptions statsOptions, TimeProvider time, ILogger logger)
    {
        _bus = bus;
        _store = store;
        _settings = settings;
        _options = options;
        _statsOptions = statsOptions;
        _time = time;
        _logger = logger;
        Stats = new KafkaMonitorStats(new RedisStatsCollector(store.GetDatabase(), time), statsOptions.WindowSeconds,
            options.StatsTotal, options.StatsPlugins);
    }

    /// <summary>This process's counters.</summary>
    public KafkaMonitorStats Stats { get; }

    /// <summary>Completes once the monitor has joined its group and reads the topic.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="PluginLoadException">The plugins cannot be loaded.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var plugins = await PluginLoader.LoadAsync(_options.Plugins, _options.PluginDirectory, _logger).ConfigureAwait(false);
            var context = new PluginContext(_settings, _store, _time, _logger);
            foreach (var ranked in plugins)
            {
                await ranked.Plugin.SetupAsync(context, cancellationToken).ConfigureAwait(false);
            }

            await _bus.EnsureTopicAsync(_options.IncomingTopic, cancellationToken).ConfigureAwait(false);
            await using var consumer = await _bus.SubscribeAsync(new ConsumerSettings([_options.IncomingTopic], _options.Group), cancellationToken).ConfigureAwait(false);
            await consumer.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            Log.Started(_logger, _options.IncomingTopic, _options.Group, _bus.Platform,
                string.Join(", ", plugins.Select(p => $"{p.Plugin.Name} ({p.Rank})")));
            _ready.TrySetResult();

            using var stopMaintenance = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var maintenance = MaintainAsync([.. plugins.Select(p => p.Plugin.Name)], stopMaintenance.Token);
            try
            {
                await new IngestLoop(plugins, Stats, _options, _time, _logger).RunAsync(consumer, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await stopMaintenance.CancelAsync().ConfigureAwait(false);
                await maintenance.ConfigureAwait(false);
                await StoreWork.TryAsync(Stats.FlushAsync, ReportStatsFailure).ConfigureAwait(false);
                Log.Closing(_logger);
            }
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
        return StoreWork.RunPeriodicallyAsync(MaintenanceInterval, async () =>
        {
            await Stats.FlushAsync().ConfigureAwait(false);
            await _store.GetDatabase().StringSetAsync(RedisKeys.Heartbeat("kafka-monitor", _identity.Host, _identity.Id),
                EpochSeconds.Text(_time.GetUtcNow()), TimeSpan.FromSeconds(_options.HeartbeatTimeoutSeconds)).ConfigureAwait(false);
            if (_statsOptions.DumpSeconds > 0)
            {
                var slot = _time.GetUtcNow().ToUnixTimeSeconds() / _statsOptions.DumpSeconds;
                if (slot != lastDump)
                {
                    lastDump = slot;
                    var dump = await Stats.DumpAsync(plugins).ConfigureAwait(false);
                    Log.StatsDump(_logger, WireJson.Serialize(dump, WireJsonStyle.Python, sortKeys: true, indent: 4));
                }
            }
        }, ReportStatsFailure, _time, cancellationToken);
    }

    private void ReportStatsFailure(RedisException exception) => Log.StatsFailed(_logger, exception.Message);
}
