using CrawlCluster.Core.Bus;
using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Hosting;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Logging;
using CrawlCluster.Core.Signals;
using CrawlCluster.Core.Stats;
using CrawlCluster.Core.Store;
using CrawlCluster.Crawler.Middleware;
using CrawlCluster.Crawler.Scheduling;
using CrawlCluster.Crawler.Spiders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Crawler.Engine;

/// <summary>
/// A crawler process (<c>crawlcluster crawler</c>, and the crawlers inside <c>crawl</c> and <c>up</c>): reads the
/// cluster's domain configuration, opens the ranked chains and logs them, runs the engine's workers, and beside them
/// the process's housekeeping — stats flushes, expired leases returned to their queues, foreign queues adopted, the
/// heartbeat and the public IP.
/// </summary>
internal sealed class CrawlerService : BackgroundService
{
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(1);
    private readonly IServiceProvider _services;
    private readonly CrawlEngineSettings _settings;
    private readonly ISpider _spider;
    private readonly int _workers;
    private readonly IMessageBus _bus;
    private readonly IDomainConfigStore _domainConfigStore;
    private readonly DomainConfigWatcher _domainConfig;
    private readonly IFrontierMaintenance _maintenance;
    private readonly IHeartbeats _heartbeats;
    private readonly CrawlerStats _stats;
    private readonly PublicIpLookup _publicIp;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProcessIdentity _identity = ProcessIdentity.Create();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CrawlEngine? _engine;

    public CrawlerService(IServiceProvider services, CrawlEngineSettings settings, ISpider spider, CrawlerWorkers workers, IMessageBus bus,
        IDomainConfigStore domainConfigStore, DomainConfigWatcher domainConfig, IFrontierMaintenance maintenance, IHeartbeats heartbeats, CrawlerStats stats,
        PublicIpLookup publicIp, TimeProvider time, ILogger<CrawlerService> logger)
    {
        _services = services;
        _settings = settings;
        _spider = spider;
        _workers = workers.Count;
        _bus = bus;
        _domainConfigStore = domainConfigStore;
        _domainConfig = domainConfig;
        _maintenance = maintenance;
        _heartbeats = heartbeats;
        _stats = stats;
        _publicIp = publicIp;
        _time = time;
        _logger = logger;
        Failures = new CrawlFailures(services.GetService<IFailureLog>(), time);
    }

    /// <summary>Completes when a lease next ends (done, failed, retried or released): a cue to read progress.</summary>
    public Task NextLeaseEnded => LeaseEnded.Next;

    /// <summary>Completes once the workers run; faults if the crawler could not start.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Pages published by this process.</summary>
    public long PagesPublished => _engine?.PagesPublished ?? 0;

    /// <summary>Requests a component failed on.</summary>
    public long ComponentFailures => _engine?.ComponentFailures ?? 0;

    /// <summary>The requests this process gave up last, and why.</summary>
    public CrawlFailures Failures { get; }

    internal ChangeSignal LeaseEnded { get; } = new();

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _domainConfig.StartAsync(_domainConfigStore, stoppingToken).ConfigureAwait(false);
            var chains = await CrawlerChains.OpenAsync(_services, _settings.Components, _settings.Spiders.Directory, _settings.Downloader.RobotsTxtObey, _spider,
                stoppingToken).ConfigureAwait(false);
            Log.Enabled(_logger, "downloader middlewares", Describe(chains.DownloaderMiddlewares));
            Log.Enabled(_logger, "spider middlewares", Describe(chains.SpiderMiddlewares));
            Log.Enabled(_logger, "item pipelines", Describe(chains.ItemPipelines));
            _engine = new CrawlEngine(Get<SpiderFrontier>(), chains, Get<RequestQueuer>(), Get<Retrier>(), _spider.Name, Get<OutageBackoff>(), LeaseEnded,
                Failures, _time, _logger);
            Log.Started(_logger, _spider.Name, _workers, _bus.Platform);
            _ready.TrySetResult();

            using var stopHousekeeping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var housekeeping = Task.WhenAll(MaintainAsync(stopHousekeeping.Token), RefreshPublicIpLoopAsync(stopHousekeeping.Token));
            int released;
            try
            {
                released = await _engine.RunAsync(_workers, stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                await stopHousekeeping.CancelAsync().ConfigureAwait(false);
                await housekeeping.ConfigureAwait(false);
                await StoreWork.TryAsync(_stats.FlushAsync, ReportMaintenanceFailure).ConfigureAwait(false);
                await _domainConfig.DisposeAsync().ConfigureAwait(false);
            }

            Log.Stopped(_logger, released);
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

    private T Get<T>()
        where T : notnull => (T)(_services.GetService(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered"));

    private static string Describe<T>(IEnumerable<CrawlerChains.Ranked<T>> chain) => "[" + string.Join(", ", chain.Select(c => $"{c.Name} ({c.Rank})")) + "]";

    private Task MaintainAsync(CancellationToken cancellationToken)
    {
        var lastAdopt = DateTimeOffset.MinValue;
        return StoreWork.RunPeriodicallyAsync(MaintenanceInterval, async () =>
        {
            await _stats.FlushAsync().ConfigureAwait(false);
            await _maintenance.ReclaimExpiredAsync(_spider.Name, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (now - lastAdopt >= TimeSpan.FromSeconds(_settings.Scheduler.QueueRefreshSeconds))
            {
                lastAdopt = now;
                // Once a period for the cluster: a little under it, so that this crawler's next turn finds the mark gone.
                var adoption = await _maintenance.AdoptForeignQueuesAsync(_spider.Name, TimeSpan.FromSeconds(_settings.Scheduler.QueueRefreshSeconds * 0.9),
                    cancellationToken).ConfigureAwait(false);
                if (adoption.Requests > 0)
                {
                    Log.Adopted(_logger, adoption.Requests, _spider.Name, adoption.Domains);
                }

                await _heartbeats.BeatAsync(RedisKeys.CrawlerHeartbeat(_identity.Host, _spider.Name, _identity.Id),
                    TimeSpan.FromSeconds(2 * _settings.Scheduler.IpRefreshSeconds), cancellationToken).ConfigureAwait(false);
            }
        }, ReportMaintenanceFailure, _time, cancellationToken);
    }

    /// <summary>Learns the public IP now and every SCHEDULER_IP_REFRESH seconds (when SCHEDULER_IP_ENABLED).</summary>
    private async Task RefreshPublicIpLoopAsync(CancellationToken cancellationToken)
    {
        if (!_settings.Scheduler.IpEnabled)
        {
            return;
        }

        // Offline, the look-up fails every SCHEDULER_IP_REFRESH: said once, then hourly, not every minute.
        var warning = new RepeatedWarning(TimeSpan.FromHours(1));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var previous = _publicIp.Current;
                if (await _publicIp.RefreshAsync(cancellationToken).ConfigureAwait(false) is { } reason)
                {
                    if (warning.ShouldSay(reason, _time.GetUtcNow()))
                    {
                        Log.NoPublicIp(_logger, reason, previous ?? "the spider type only");
                    }
                }
                else
                {
                    warning.Reset();
                    if (_publicIp.Current != previous)
                    {
                        Log.PublicIp(_logger, _publicIp.Current!);
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(_settings.Scheduler.IpRefreshSeconds), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void ReportMaintenanceFailure(StoreException exception) => Log.MaintenanceFailed(_logger, exception.Message);
}
