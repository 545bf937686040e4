using System.Collections.Concurrent;
using System.Globalization;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Domains;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Hosting;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Signals;
using CrawlCluster.Core.Throttling;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Pipelines;
using CrawlCluster.Crawler.Requests;
using CrawlCluster.Crawler.Robots;
using CrawlCluster.Crawler.Scheduling;
using CrawlCluster.Crawler.Spiders;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.DomainConfig;
using CrawlCluster.Store.Frontier;
using CrawlCluster.Store.Stats;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CrawlCluster.Crawler.Engine;

/// <summary>
/// A crawler process's engine (issue 6): CONCURRENT_REQUESTS workers lease requests of one spider type from the
/// frontier, download them, let the spider parse them, offer the new requests to the queues, publish the crawled page
/// and only then acknowledge the lease. A request whose crawler dies is returned to its queue when its lease runs out,
/// by any crawler's maintenance; on a graceful stop, in-flight requests are released at once. Nothing is lost.
/// </summary>
public sealed class CrawlEngine
{
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(1);
    private readonly IConnectionMultiplexer _store;
    private readonly IMessageBus _bus;
    private readonly ISpider _spider;
    private readonly CrawlEngineSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisFrontier _frontier;
    private readonly RequestQueuer _queuer;
    private readonly TopicNames _topics;
    private readonly StatsBuffer _stats;
    private readonly ProcessIdentity _identity = ProcessIdentity.Create();
    private readonly HashSet<int> _retryCodes;
    private readonly HashSet<int> _statsCodes;
    private readonly ChangeSignal _progress = new();
    private DomainConfigWatcher? _domainConfig;
    private PublicIpLookup? _publicIp;
    private readonly ConcurrentDictionary<string, TimeSpan> _crawlDelays = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _domainSlots = new(StringComparer.Ordinal);
    private long _published;

    /// <summary>Creates the engine.</summary>
    public CrawlEngine(IConnectionMultiplexer store, IMessageBus bus, ISpider spider, CrawlEngineSettings settings, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(spider);
        ArgumentNullException.ThrowIfNull(settings);
        _store = store;
        _bus = bus;
        _spider = spider;
        _settings = settings;
        _time = time;
        _logger = logger;
        _topics = new TopicNames(settings.Topics);
        _retryCodes = [.. settings.Downloader.RetryHttpCodes];
        _statsCodes = [.. settings.Output.StatsResponseCodes];
        _stats = new StatsBuffer(new RedisStatsCollector(store.GetDatabase(), time));
        _frontier = FrontierFor(spider.Name);
        _queuer = new RequestQueuer(store, settings.Scheduler, DomainExtractor.FromOptions(settings.Domains), FrontierFor, time,
            domain => _domainConfig?.IsBlacklisted(domain) == true);
    }

    /// <summary>Pages published by this engine.</summary>
    public long PagesPublished => Interlocked.Read(ref _published);

    /// <summary>Completes when this engine next ends a lease (done, failed, retried or released): a cue to read progress.</summary>
    public Task NextLeaseEnded => _progress.Next;

    /// <summary>Crawls until <paramref name="cancellationToken"/> is cancelled, then releases what it holds.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var domainConfig = await DomainConfigWatcher.StartAsync(
            new RedisDomainConfigStore(_store, _settings.DomainConfig.DocumentName), _settings.Throttle).ConfigureAwait(false);
        _domainConfig = domainConfig;
        using var downloader = new PageDownloader(_settings.Downloader);
        var robots = _settings.Downloader.RobotsTxtObey ? new RobotsCache(_store.GetDatabase(), downloader, _time) : null;
        var workers = Math.Max(1, _settings.Downloader.ConcurrentRequests);
        Log.Started(_logger, _spider.Name, workers, _bus.Platform);
        // Learned in the background: until then (or if it cannot be), domains are throttled per spider type.
        _publicIp = _settings.Scheduler.IpEnabled ? new PublicIpLookup(downloader, _settings.Scheduler) : null;
        using var stopMaintenance = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var maintenance = Task.WhenAll(MaintainAsync(stopMaintenance.Token), RefreshPublicIpLoopAsync(stopMaintenance.Token));
        var released = 0;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var count = await WorkAsync(downloader, robots, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref released, count);
        }, CancellationToken.None))).ConfigureAwait(false);
        await stopMaintenance.CancelAsync().ConfigureAwait(false);
        await maintenance.ConfigureAwait(false);
        await StoreWork.TryAsync(_stats.FlushAsync, ReportMaintenanceFailure).ConfigureAwait(false);
        Log.Stopped(_logger, released);
    }

    private RedisFrontier FrontierFor(string spiderId)
    {
        var throttle = _settings.Throttle;
        var defaults = ThrottlePolicy.FromConfig(throttle.Hits, throttle.WindowSeconds, null, throttle.Moderated);
        // Long enough for robots.txt, the page and its publishing, each bounded by DOWNLOAD_TIMEOUT, plus a margin.
        var leaseTime = TimeSpan.FromSeconds((_settings.Downloader.TimeoutSeconds * 4) + 10);
        return new RedisFrontier(_store, spiderId, new FrontierSettings(leaseTime, domain => PolicyFor(domain, defaults),
            ThrottleType: _settings.Scheduler.TypeEnabled ? spiderId : null, PublicIp: () => _publicIp?.Current), _time);
    }

    /// <summary>The domain's configured throttle (or the defaults), slowed to its robots.txt Crawl-delay.</summary>
    private ThrottlePolicy PolicyFor(string domain, ThrottlePolicy defaults)
    {
        var policy = _domainConfig?.PolicyFor(domain) ?? defaults;
        return _crawlDelays.TryGetValue(domain, out var delay) ? policy.AtLeastApart(delay) : policy;
    }

    /// <summary>One worker: lease, crawl, repeat. Returns how many leases it released on stopping.</summary>
    private async Task<int> WorkAsync(PageDownloader downloader, RobotsCache? robots, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Lease? lease = null;
            try
            {
                lease = await _frontier.TryLeaseAsync().ConfigureAwait(false);
                if (lease is null)
                {
                    await _frontier.WaitForWorkAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await CrawlAsync(lease, downloader, robots, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (lease is not null)
                {
                    await _frontier.ReleaseAsync(lease).ConfigureAwait(false);
                    _progress.Notify();
                    return 1;
                }
            }
            catch (Exception ex) when (ex is RedisException or BusException or TimeoutException)
            {
                // The store or bus is away: the lease (if any) runs out and the request is crawled again later.
                Log.WorkerFailed(_logger, ex, lease?.Member ?? "(no lease)");
                await Task.Delay(TimeSpan.FromSeconds(1), _time, CancellationToken.None).ConfigureAwait(false);
            }
        }

        return 0;
    }

    private async Task CrawlAsync(Lease lease, PageDownloader downloader, RobotsCache? robots, CancellationToken cancellationToken)
    {
        CrawlTask task;
        try
        {
            task = CrawlTask.FromMember(lease.Member);
        }
        catch (FormatException ex)
        {
            Log.Dropped(_logger, lease.Member, ex.Message, lease.Crawl.AppId, lease.Crawl.CrawlId);
            await EndAsync(lease, LeaseOutcome.Failed).ConfigureAwait(false);
            return;
        }

        if (_domainConfig?.IsBlacklisted(lease.Domain) == true)
        {
            // As the original's scheduler skips a blacklisted domain's queue: back it goes, and the domain is set aside.
            // Delay first, so no other worker takes the request between its release and the delay.
            await _frontier.DelayDomainAsync(lease.Domain, _time.GetUtcNow() + TimeSpan.FromSeconds(_settings.Scheduler.QueueRefreshSeconds)).ConfigureAwait(false);
            await _frontier.ReleaseAsync(lease).ConfigureAwait(false);
            _progress.Notify();
            return;
        }

        var refusal = !task.TryGetUri(out var uri) ? "not an http(s) URL"
            : await _queuer.IsStoppedAsync(task).ConfigureAwait(false) ? "the crawl was stopped"
            : _queuer.IsExpired(task) ? "the crawl expired"
            : null;
        if (refusal is not null)
        {
            Log.Dropped(_logger, task.Url, refusal, task.AppId, task.CrawlId);
            await EndAsync(lease, LeaseOutcome.Failed).ConfigureAwait(false);
            return;
        }

        if (task.CurrentDepth == 0 && !task.DontFilter)
        {
            // Unlike the original, a seed counts as seen: a page linking back to it does not crawl it again.
            await _queuer.MarkSeenAsync(task).ConfigureAwait(false);
        }

        var userAgent = task.UserAgent ?? _settings.Downloader.UserAgent;
        if (robots is not null)
        {
            var rules = await robots.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (rules.CrawlDelay(userAgent) is { } delay)
            {
                // Folded into the domain's throttle from the next pop on.
                _crawlDelays[lease.Domain] = delay;
            }

            if (!rules.Allows(uri, userAgent))
            {
                Log.Dropped(_logger, task.Url, "robots.txt forbids it", task.AppId, task.CrawlId);
                await EndAsync(lease, LeaseOutcome.Failed).ConfigureAwait(false);
                return;
            }
        }

        // CONCURRENT_REQUESTS_PER_DOMAIN: this process downloads at most that many pages of one domain at once.
        var slots = _domainSlots.GetOrAdd(lease.Domain, _ => new SemaphoreSlim(_settings.Downloader.ConcurrentRequestsPerDomain));
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FetchAndPublishAsync(lease, task, uri, downloader, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task FetchAndPublishAsync(Lease lease, CrawlTask task, Uri uri, PageDownloader downloader, CancellationToken cancellationToken)
    {
        var allowed = new LinkFilter(task.List("allowed_domains"), denyExtensions: []);
        DownloadResult response;
        try
        {
            response = await downloader.DownloadAsync(new DownloadRequest(uri, task.UserAgent, task.Cookie, allowed.AllowsDomain), cancellationToken).ConfigureAwait(false);
        }
        catch (DownloadException ex) when (ex.Retryable)
        {
            // As the original's LogRetryMiddleware: a timeout or connection failure counts as a 504.
            CountStatus(504);
            Log.ScraperRetry(_logger, task.Url, ex.Message, task.RetryTimes, 504, task.AppId, task.CrawlId);
            await RetryOrGiveUpAsync(lease, task, ex.Message).ConfigureAwait(false);
            return;
        }
        catch (DownloadException ex)
        {
            Log.Dropped(_logger, task.Url, ex.Message, task.AppId, task.CrawlId);
            await EndAsync(lease, LeaseOutcome.Failed).ConfigureAwait(false);
            return;
        }

        CountStatus(response.StatusCode);
        var retryAfter = RetryAfter.Of(response, _time.GetUtcNow());
        if ((_retryCodes.Contains(response.StatusCode) || response.StatusCode == 429) && task.RetryTimes < _settings.Downloader.RetryTimes)
        {
            if (retryAfter is { } wait)
            {
                // The server asked the whole cluster to slow down on this domain: the retry waits too.
                await _frontier.DelayDomainAsync(lease.Domain, _time.GetUtcNow() + wait).ConfigureAwait(false);
            }

            await RetryOrGiveUpAsync(lease, task, $"status {response.StatusCode}").ConfigureAwait(false);
            return;
        }

        var contentType = response.ResponseHeaders.TryGetValue("Content-Type", out var types) ? types.FirstOrDefault() : null;
        var (text, encoding) = ResponseText.Decode(response.Body, contentType);
        var output = _spider.Parse(new SpiderResponse(task, response, text, encoding));
        if (output.Problem is { } problem)
        {
            Log.SpiderProblem(_logger, _spider.Name, task.Url, problem);
        }

        foreach (var next in output.Requests)
        {
            await _queuer.EnqueueAsync(next).ConfigureAwait(false);
        }

        var message = BusMessage.FromJson(CrawledPageMessage.Build(task, response, encoding, output.Links, _settings.Output.Base64Encode, _time.GetUtcNow(), output.Attrs));
        foreach (var topic in _topics.ForCrawledPage(task.AppId))
        {
            await _bus.ProduceAsync(topic, message, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _published);
        Log.Scraped(_logger, response.ResponseUrl.AbsoluteUri, response.StatusCode, task.AppId, task.CrawlId, output.Links.Count);
        await EndAsync(lease, LeaseOutcome.Done).ConfigureAwait(false);
    }

    private async Task EndAsync(Lease lease, LeaseOutcome outcome)
    {
        await _frontier.AckAsync(lease, outcome).ConfigureAwait(false);
        _progress.Notify();
    }

    private async Task RetryOrGiveUpAsync(Lease lease, CrawlTask task, string reason)
    {
        if (task.RetryTimes + 1 <= _settings.Downloader.RetryTimes && await _queuer.EnqueueAsync(task.Retry()).ConfigureAwait(false) == QueueDecision.Queued)
        {
            await EndAsync(lease, LeaseOutcome.Retried).ConfigureAwait(false);
            return;
        }

        Log.GaveUp(_logger, task.Url, task.RetryTimes, reason, task.AppId, task.CrawlId);
        await EndAsync(lease, LeaseOutcome.Failed).ConfigureAwait(false);
    }

    private void CountStatus(int status)
    {
        if (!_settings.Output.StatsStatusCodes || !_statsCodes.Contains(status))
        {
            return;
        }

        foreach (var window in _settings.Stats.WindowSeconds)
        {
            var text = window.ToString(CultureInfo.InvariantCulture);
            _stats.CountInWindow(RedisKeys.CrawlerStatusStats(_identity.Host, _spider.Name, status, text), TimeSpan.FromSeconds(window));
        }

        _stats.CountInLifetime(RedisKeys.CrawlerStatusStats(_identity.Host, _spider.Name, status, RedisKeys.Lifetime));
    }

    private Task MaintainAsync(CancellationToken cancellationToken)
    {
        var lastAdopt = DateTimeOffset.MinValue;
        var db = _store.GetDatabase();
        return StoreWork.RunPeriodicallyAsync(MaintenanceInterval, async () =>
        {
            await _stats.FlushAsync().ConfigureAwait(false);
            await _frontier.ReclaimExpiredAsync().ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (now - lastAdopt >= TimeSpan.FromSeconds(_settings.Scheduler.QueueRefreshSeconds))
            {
                lastAdopt = now;
                await _frontier.AdoptForeignQueuesAsync().ConfigureAwait(false);
                await db.StringSetAsync(RedisKeys.CrawlerHeartbeat(_identity.Host, _spider.Name, _identity.Id), EpochSeconds.Text(now),
                    TimeSpan.FromSeconds(2 * _settings.Scheduler.IpRefreshSeconds)).ConfigureAwait(false);
            }
        }, ReportMaintenanceFailure, _time, cancellationToken);
    }

    /// <summary>Learns the public IP now and every SCHEDULER_IP_REFRESH seconds (when SCHEDULER_IP_ENABLED).</summary>
    private async Task RefreshPublicIpLoopAsync(CancellationToken cancellationToken)
    {
        if (_publicIp is null)
        {
            return;
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var previous = _publicIp.Current;
                if (await _publicIp.RefreshAsync(cancellationToken).ConfigureAwait(false) is { } reason)
                {
                    Log.NoPublicIp(_logger, reason, previous ?? "the spider type only");
                }
                else if (_publicIp.Current != previous)
                {
                    Log.PublicIp(_logger, _publicIp.Current!);
                }

                await Task.Delay(TimeSpan.FromSeconds(_settings.Scheduler.IpRefreshSeconds), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void ReportMaintenanceFailure(RedisException exception) => Log.MaintenanceFailed(_logger, exception.Message);
}
