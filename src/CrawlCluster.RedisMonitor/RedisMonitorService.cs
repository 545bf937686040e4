using System.Text.RegularExpressions;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Hosting;
using CrawlCluster.Core.Jobs;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Metrics;
using CrawlCluster.Core.Settings;
using CrawlCluster.Core.Signals;
using CrawlCluster.Core.Stats;
using CrawlCluster.Core.Store;
using CrawlCluster.RedisMonitor.Jobs;
using CrawlCluster.RedisMonitor.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrawlCluster.RedisMonitor;

/// <summary>
/// A running Redis Monitor (<c>crawlcluster redis-monitor</c>): takes the jobs the Kafka Monitor leaves — info, stop,
/// expire, stats, domain config — in plugin rank order, each under a lock that expires if this monitor dies, so several
/// monitors share the work and each job is handled once; answers on the outbound topics; retries a failing job up to
/// RETRY_FAILURES_MAX times and then answers with the error. New jobs come with a signal, so an idle monitor reacts in
/// milliseconds without scanning the keyspace; a scan every SCHEDULER-like interval adopts jobs the original's
/// components wrote. Beside the loop: its stats (<c>stats:redis-monitor:…</c>) and heartbeat.
/// </summary>
internal sealed class RedisMonitorService : BackgroundService
{
    private static readonly TimeSpan Housekeeping = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan AdoptEvery = TimeSpan.FromSeconds(10);
    private static readonly Dictionary<string, Type> BuiltIn = new(StringComparer.Ordinal)
    {
        ["InfoMonitor"] = typeof(InfoMonitor),
        ["StatusMonitor"] = typeof(StatusMonitor),
        ["StopMonitor"] = typeof(StopMonitor),
        ["ExpireMonitor"] = typeof(ExpireMonitor),
        ["StatsMonitor"] = typeof(StatsMonitor),
        ["ZookeeperMonitor"] = typeof(ZookeeperMonitor),
    };

    private readonly IServiceProvider _services;
    private readonly IJobBoard _jobs;
    private readonly IJobLocks _locks;
    private readonly IHeartbeats _heartbeats;
    private readonly IMessageBus _bus;
    private readonly StatsBuffer _stats;
    private readonly MonitorStatsDump _dump;
    private readonly RedisMonitorOptions _options;
    private readonly StatsOptions _statsOptions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProcessIdentity _identity = ProcessIdentity.Create();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _handled;
    private long _failed;

    public RedisMonitorService(IServiceProvider services, IJobBoard jobs, IJobLocks locks, IStatsStore stats, IHeartbeats heartbeats, IMessageBus bus,
        MonitorStatsDump dump, IOptions<RedisMonitorOptions> options, IOptions<StatsOptions> statsOptions, TimeProvider time, ILogger<RedisMonitorService> logger)
    {
        _services = services;
        _jobs = jobs;
        _locks = locks;
        _heartbeats = heartbeats;
        _bus = bus;
        _stats = new StatsBuffer(stats);
        _dump = dump;
        _options = options.Value;
        _statsOptions = statsOptions.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completes once the monitor takes jobs; faults if it could not start.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Jobs this process handled.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>Failed attempts at jobs in this process.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Completes when this process next ends a job (handled, or given up).</summary>
    public ChangeSignal JobEnded { get; } = new();

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var plugins = await LoadPluginsAsync(stoppingToken).ConfigureAwait(false);
            Log.Started(_logger, string.Join(", ", plugins.Select(p => $"{p.Plugin.Name} ({p.Rank})")), _bus.Platform);
            await AdoptAsync(plugins, stoppingToken).ConfigureAwait(false);
            _ready.TrySetResult();
            var lastHousekeeping = DateTimeOffset.MinValue;
            var lastAdopt = _time.GetUtcNow();
            while (!stoppingToken.IsCancellationRequested)
            {
                var worked = false;
                try
                {
                    var pending = await _jobs.PendingAsync(stoppingToken).ConfigureAwait(false);
                    foreach (var (plugin, _, pattern) in plugins)
                    {
                        foreach (var key in pending.Where(k => pattern.IsMatch(k)))
                        {
                            worked |= await ProcessAsync(plugin, key, stoppingToken).ConfigureAwait(false);
                        }
                    }

                    var now = _time.GetUtcNow();
                    if (now - lastHousekeeping >= Housekeeping)
                    {
                        lastHousekeeping = now;
                        await _stats.FlushAsync(stoppingToken).ConfigureAwait(false);
                        await _heartbeats.BeatAsync(RedisKeys.Heartbeat("redis-monitor", _identity.Host, _identity.Id),
                            TimeSpan.FromSeconds(_options.HeartbeatTimeoutSeconds), stoppingToken).ConfigureAwait(false);
                        await AnnounceCompletedCrawlsAsync(now, stoppingToken).ConfigureAwait(false);
                        await _dump.DumpIfDueAsync(stoppingToken).ConfigureAwait(false);
                    }

                    if (now - lastAdopt >= AdoptEvery)
                    {
                        lastAdopt = now;
                        await AdoptAsync(plugins, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (StoreException ex) when (ex.Transient)
                {
                    // The store is away: jobs stay where they are, and are taken when it is back.
                    Log.StoreFailed(_logger, ex.Message);
                    await Task.Delay(Housekeeping, _time, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                catch (BusException ex)
                {
                    // An answer could not go out: its job stays (a job is removed only after its answer), and so does
                    // an unannounced crawl_complete; both are tried again.
                    Log.BusFailed(_logger, ex.Message);
                    await Task.Delay(Housekeeping, _time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                if (!worked)
                {
                    // A new job ends the wait at once; expiry times are looked at again within a second.
                    await _jobs.WaitForJobAsync(Housekeeping, stoppingToken).ConfigureAwait(false);
                }
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
        finally
        {
            await StoreWork.TryAsync(() => _stats.FlushAsync(), ex => Log.StoreFailed(_logger, ex.Message)).ConfigureAwait(false);
        }
    }

    /// <summary>Takes one job under its lock; true when something was done with it (handled, failed, given up).</summary>
    private async Task<bool> ProcessAsync(IRedisMonitorPlugin plugin, string key, CancellationToken cancellationToken)
    {
        var expiry = TimeSpan.FromSeconds(_options.LockExpirationSeconds);
        if (await _locks.TryAcquireAsync(key, expiry, cancellationToken).ConfigureAwait(false) is not { } token)
        {
            return false;
        }

        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewAsync(key, token, expiry, renewing.Token);
        try
        {
            if (await _jobs.ReadAsync(key, cancellationToken).ConfigureAwait(false) is not { } value)
            {
                return false;
            }

            var job = new MonitorJob(key, value);
            if (!plugin.IsReady(job, _time.GetUtcNow()))
            {
                return false;
            }

            Count("total");
            Count(plugin.Name);
            try
            {
                await plugin.HandleAsync(job, cancellationToken).ConfigureAwait(false);
                await _jobs.CompleteAsync(key, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _handled);
                JobEnded.Notify();
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not StoreException { Transient: true } and not BusException)
            {
                await FailAsync(plugin, job, ex, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        finally
        {
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
            await StoreWork.TryAsync(() => _locks.ReleaseAsync(key, token, CancellationToken.None), ex => Log.StoreFailed(_logger, ex.Message))
                .ConfigureAwait(false);
        }
    }

    private async Task FailAsync(IRedisMonitorPlugin plugin, MonitorJob job, Exception failure, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _failed);
        Count("fail");
        var attempts = await _jobs.CountFailureAsync(job.Key, cancellationToken).ConfigureAwait(false);
        Log.JobFailed(_logger, failure, plugin.Name, job.Key, attempts, failure.Message);
        if (_options.RetryFailures && attempts <= _options.RetryFailuresMax)
        {
            return;
        }

        // Unlike the original's silent drop, the asker hears why (same uuid, "error").
        Log.GaveUp(_logger, job.Key, failure.Message);
        if (plugin.ErrorAnswer(job, failure.Message) is { } answer)
        {
            answer["server_time"] = _time.GetUtcNow().ToUnixTimeSeconds();
            var answers = _services.GetRequiredService<MonitorAnswers>();
            await answers.PublishAsync(answer["appid"]?.GetValue<string>() ?? "", answer, cancellationToken).ConfigureAwait(false);
        }

        await _jobs.CompleteAsync(job.Key, cancellationToken).ConfigureAwait(false);
        JobEnded.Notify();
    }

    /// <summary>
    /// Publishes <c>crawl_complete</c> for every crawl finished since the last look — once for the cluster (a lock decides
    /// which monitor sends it), and again only if the monitor that sent it died before marking it.
    /// </summary>
    private async Task AnnounceCompletedCrawlsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ledger = _services.GetRequiredService<ICrawlLedger>();
        long pending = 0, inFlight = 0;
        foreach (var (spiderId, crawl) in await ledger.ActiveCrawlsAsync(cancellationToken).ConfigureAwait(false))
        {
            var status = await ledger.StatusAsync(spiderId, crawl, cancellationToken).ConfigureAwait(false);
            (pending, inFlight) = (pending + status.Counts.Pending, inFlight + status.Counts.InFlight);
            if (!StatusMonitor.IsFinished(status, now, _options))
            {
                continue;
            }

            // Announced under a lock, then marked: monitors do not announce a crawl twice, and one that dies between
            // the notice and the mark leaves the crawl to be announced again (at least once, never lost).
            var lockKey = $"crawl_complete:{spiderId}:{crawl.AppId}:{crawl.CrawlId}";
            if (await _locks.TryAcquireAsync(lockKey, TimeSpan.FromSeconds(_options.LockExpirationSeconds), cancellationToken).ConfigureAwait(false) is not { } token)
            {
                continue;
            }

            try
            {
                // Another monitor may have announced and marked it between the list above and the lock.
                if ((await ledger.ActiveCrawlsAsync(cancellationToken).ConfigureAwait(false)).Contains((spiderId, crawl)))
                {
                    await AnnounceAsync(ledger, spiderId, crawl, status, now, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await StoreWork.TryAsync(() => _locks.ReleaseAsync(lockKey, token, CancellationToken.None), ex => Log.StoreFailed(_logger, ex.Message))
                    .ConfigureAwait(false);
            }
        }

        ClusterMetrics.RecordFrontier(pending, inFlight);
    }

    private async Task AnnounceAsync(ICrawlLedger ledger, string spiderId, CrawlIdentity crawl, CrawlStatus status, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var notice = StatusMonitor.Describe(status, spiderId, crawl.AppId, crawl.CrawlId, finished: true);
        notice["action"] = "crawl_complete";
        notice["pages"] = status.Counts.Done;
        notice["elapsed"] = ((status.LastActivity - status.FirstActivity)?.TotalMilliseconds ?? 0) / 1000.0;
        notice["server_time"] = now.ToUnixTimeSeconds();
        await _services.GetRequiredService<MonitorAnswers>().PublishAsync(crawl.AppId, notice, cancellationToken).ConfigureAwait(false);
        await ledger.MarkCompleteAsync(spiderId, crawl, cancellationToken).ConfigureAwait(false);
        Log.CrawlComplete(_logger, crawl.AppId, crawl.CrawlId, status.Counts.Done, status.Counts.Failed);
    }

    private async Task RenewAsync(string key, string token, TimeSpan expiry, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(expiry * 2 / 3, _time, cancellationToken).ConfigureAwait(false);
                await _locks.RenewAsync(key, token, expiry, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended.
        }
        catch (StoreException ex)
        {
            // The lock runs out; another monitor may take the job, which plugins make safe to repeat.
            Log.StoreFailed(_logger, ex.Message);
        }
    }

    private async Task AdoptAsync(IReadOnlyList<(IRedisMonitorPlugin Plugin, int Rank, Regex Pattern)> plugins, CancellationToken cancellationToken)
    {
        var adopted = await _jobs.AdoptAsync([.. plugins.Select(p => p.Plugin.Pattern)], cancellationToken).ConfigureAwait(false);
        if (adopted > 0)
        {
            Log.Adopted(_logger, adopted);
        }
    }

    private void Count(string name)
    {
        if (name is "total" or "fail" ? !_options.StatsTotal : !_options.StatsPlugins)
        {
            return;
        }

        foreach (var window in _statsOptions.WindowSeconds)
        {
            var text = window.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _stats.CountInWindow(RedisKeys.ComponentStats("redis-monitor", name, text), TimeSpan.FromSeconds(window));
        }

        _stats.CountInLifetime(RedisKeys.ComponentStats("redis-monitor", name, RedisKeys.Lifetime));
    }

    /// <summary>The plugins PLUGINS ranks — built in, or found in PLUGIN_DIR — set up, in rank order.</summary>
    private async Task<List<(IRedisMonitorPlugin Plugin, int Rank, Regex Pattern)>> LoadPluginsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<(IRedisMonitorPlugin Plugin, string Source)> custom;
        try
        {
            custom = PluginAssemblies<IRedisMonitorPlugin>.Load(_options.PluginDirectory, "PLUGIN_DIR");
        }
        catch (InvalidOperationException ex)
        {
            throw new SettingsException(ex.Message);
        }

        foreach (var (plugin, source) in custom.Where(c => !_options.Plugins.ContainsKey(c.Plugin.Name)))
        {
            Log.UnrankedPlugin(_logger, plugin.Name, source);
        }

        var context = new RedisMonitorPluginContext(_services.GetRequiredService<MonitorAnswers>(), _time, _logger, _services);
        var loaded = new List<(IRedisMonitorPlugin, int, Regex)>();
        foreach (var (name, rank) in _options.Plugins)
        {
            if (rank is not { } value)
            {
                continue;
            }

            IRedisMonitorPlugin plugin;
            if (custom.FirstOrDefault(c => c.Plugin.Name == name).Plugin is { } found)
            {
                plugin = found;
                await plugin.SetupAsync(context, cancellationToken).ConfigureAwait(false);
            }
            else if (BuiltIn.TryGetValue(name, out var type))
            {
                plugin = (IRedisMonitorPlugin)ActivatorUtilities.CreateInstance(_services, type);
            }
            else
            {
                throw new SettingsException($"PLUGINS names {name}, but no such Redis Monitor plugin is built in or in PLUGIN_DIR ({Path.GetFullPath(_options.PluginDirectory)}); "
                    + $"built in: {string.Join(", ", BuiltIn.Keys)} (the Kafka Monitor reads PLUGINS too: give each monitor its own --settings file)");
            }

            loaded.Add((plugin, value, Glob(plugin.Pattern)));
        }

        return [.. loaded.OrderBy(p => p.Item2)];
    }

    /// <summary>Redis's glob (<c>*</c>, <c>?</c>) as a regex over the whole key.</summary>
    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
}
