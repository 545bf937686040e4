using CrawlCluster.Core.Metrics;
using System.Globalization;
using CrawlCluster.Core.Caching;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Signals;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Frontier;

/// <summary>
/// Leases requests of one spider type (DESIGN.md §6.1–6.3). A ready index of domains scored by when a pop may next
/// succeed lets a lease read a few ready domains and run one script on one of them, so its cost does not grow with
/// the number of domains; the lease moves the request to an in-flight set with a deadline, and any process returns it
/// to its queue once the deadline passed. Idle crawlers wait on a pub/sub signal or the earliest ready time.
/// </summary>
internal sealed class RedisFrontierConsumer : IFrontierConsumer
{
    private static readonly string LeasePopScript =
        EmbeddedScript.WithPrelude(typeof(Throttling.RedisThrottledQueue), "ThrottleCheck", typeof(RedisFrontierConsumer), "LeasePop");
    private static readonly string CountPoppedScript = EmbeddedScript.Read(typeof(RedisFrontierConsumer), "CountPopped");
    private static readonly string AckScript = EmbeddedScript.Read(typeof(RedisFrontierConsumer), "Ack");
    private static readonly string DelayScript = EmbeddedScript.Read(typeof(RedisFrontierConsumer), "DelayDomain");
    private static readonly string UniquePrefix = Guid.NewGuid().ToString("N")[..8];
    private static long _unique;

    private readonly IConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly FrontierSettings _settings;
    private readonly TimeProvider _time;
    private readonly RedisKey _ready;
    private readonly RedisKey _leases;
    private readonly RedisKey _leaseData;

    // Pops so far per domain, for the elastic throttle's first window; bounded, as the domains a crawler meets are not.
    private readonly BoundedCache<string, int> _popsPerDomain;
    private readonly ChangeSignal _workQueued = new();
    private readonly Lazy<Task> _subscription;

    public RedisFrontierConsumer(IConnectionMultiplexer redis, string spiderId, FrontierSettings settings, TimeProvider time)
    {
        _redis = redis;
        _db = redis.GetDatabase();
        SpiderId = spiderId;
        _settings = settings;
        _time = time;
        _ready = CrawlClusterKeys.Ready(spiderId);
        _leases = CrawlClusterKeys.Leases(spiderId);
        _leaseData = CrawlClusterKeys.LeaseData(spiderId);
        _popsPerDomain = new BoundedCache<string, int>(settings.DomainCacheSize, StringComparer.Ordinal);
        _subscription = new Lazy<Task>(() => _redis.GetSubscriber().SubscribeAsync(FrontierKeys.Signal(spiderId), (_, _) => _workQueued.Notify()));
    }

    /// <inheritdoc/>
    public string SpiderId { get; }

    /// <inheritdoc/>
    public async Task<Lease?> TryLeaseAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var candidates = await _db.SortedSetRangeByScoreAsync(_ready, double.NegativeInfinity, NowMs(), take: _settings.Candidates).ConfigureAwait(false);
            foreach (var candidate in candidates)
            {
                if (await TryLeaseDomainAsync((string)candidate!).ConfigureAwait(false) is { } lease)
                {
                    ClusterMetrics.FrontierLeases.Add(1);
                    return lease;
                }

                // A ready domain that gave nothing: its throttle (or its slot) said not yet.
                ClusterMetrics.ThrottleRefusals.Add(1);
            }

            return null;
        }
        catch (Exception ex) when (StoreErrors.IsStoreError(ex))
        {
            throw StoreErrors.Translate(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> AckAsync(Lease lease, LeaseOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        cancellationToken.ThrowIfCancellationRequested();
        var field = outcome switch { LeaseOutcome.Done => "done", LeaseOutcome.Failed => "failed", _ => "retried" };
        var ended = (long)await StoreErrors.Guard(_db.ScriptEvaluateAsync(AckScript,
            [_leases, _leaseData, FrontierKeys.Counters(SpiderId, lease.Crawl), FrontierKeys.CountedLeases(SpiderId)],
            [lease.Id, field, NowMs()]), CancellationToken.None).ConfigureAwait(false);
        return ended == 1;
    }

    /// <inheritdoc/>
    public Task<bool> ReleaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        cancellationToken.ThrowIfCancellationRequested();
        return StoreErrors.Guard(FrontierRequeue.RequeueAsync(_redis, SpiderId, lease.Id, lease.QueueKey, lease.Score, lease.Domain, lease.Member,
            onlyIfExpiredBeforeMs: null, NowMs()), CancellationToken.None);
    }

    /// <inheritdoc/>
    public async Task<bool> DelayDomainAsync(string domain, DateTimeOffset until, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (long)await StoreErrors.Guard(_db.ScriptEvaluateAsync(DelayScript, [_ready], [domain, until.ToUnixTimeMilliseconds()]), cancellationToken)
            .ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task WaitForWorkAsync(TimeSpan longest, CancellationToken cancellationToken)
    {
        await StoreErrors.Guard(_subscription.Value, cancellationToken).ConfigureAwait(false);
        var signal = _workQueued.Next;
        var next = await StoreErrors.Guard(_db.SortedSetRangeByRankWithScoresAsync(_ready, 0, 0), cancellationToken).ConfigureAwait(false);
        var wait = longest;
        if (next.Length > 0)
        {
            var untilReady = TimeSpan.FromMilliseconds(Math.Max(0, next[0].Score - NowMs()));
            wait = untilReady < wait ? untilReady : wait;
        }

        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await signal.WaitAsync(wait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The ready time (or the longest wait) came: look again.
        }
    }

    /// <inheritdoc/>
    public async Task<FrontierWaiting> WaitingAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var nowMs = NowMs();
        var count = _db.SortedSetLengthAsync(_ready, nowMs, double.PositiveInfinity, Exclude.Start);
        var first = _db.SortedSetRangeByScoreWithScoresAsync(_ready, nowMs, double.PositiveInfinity, Exclude.Start, take: 1);
        var domains = await StoreErrors.Guard(count, cancellationToken).ConfigureAwait(false);
        var next = await StoreErrors.Guard(first, cancellationToken).ConfigureAwait(false);
        return new FrontierWaiting(domains, next.Length == 0 ? null : TimeSpan.FromMilliseconds(next[0].Score - nowMs));
    }

    private async Task<Lease?> TryLeaseDomainAsync(string domain)
    {
        var policy = _settings.PolicyFor(domain);
        var scope = RedisKeys.ThrottleScope(domain, _settings.ThrottleType, _settings.PublicIp?.Invoke());
        var now = _time.GetUtcNow();
        var leaseId = UniquePrefix + Interlocked.Increment(ref _unique).ToString(CultureInfo.InvariantCulture);
        var deadline = now + _settings.LeaseTime;
        var queueKey = RedisKeys.Queue(SpiderId, domain);
        _popsPerDomain.TryGetValue(domain, out var pops);
        var result = (RedisResult[])(await _db.ScriptEvaluateAsync(LeasePopScript,
        [
            queueKey, RedisKeys.ThrottleWindow(scope), RedisKeys.ThrottleTime(scope), _ready, _leases, _leaseData,
        ],
        [
            EpochSeconds.Text(now),
            policy.Window.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
            policy.Limit,
            policy.Moderated ? 1 : 0,
            policy.Elastic ? 1 : 0,
            pops,
            policy.ElasticBuffer,
            leaseId,
            domain,
            leaseId,
            deadline.ToUnixTimeMilliseconds(),
        ]).ConfigureAwait(false))!;
        if ((int)result[0] != 1)
        {
            return null;
        }

        _popsPerDomain.Set(domain, Math.Min(pops + 1, policy.Limit));
        var member = (string)result[1]!;
        var crawl = CrawlIdentity.FromMember(member);
        var score = double.Parse((string)result[2]!, CultureInfo.InvariantCulture);
        if (AfterPop is { } afterPop)
        {
            await afterPop().ConfigureAwait(false);
        }

        var counted = (long)await _db.ScriptEvaluateAsync(CountPoppedScript,
            [FrontierKeys.Counters(SpiderId, crawl), FrontierKeys.Backlog(SpiderId, crawl), FrontierKeys.AppCrawls(SpiderId, crawl), _leases, FrontierKeys.CountedLeases(SpiderId)],
            [FrontierKeys.BacklogField(score, domain), crawl.CrawlId, leaseId, QueueScore.IsUncounted(score) ? 1 : 0]).ConfigureAwait(false);

        // 0: this process stalled past the lease's deadline between the two scripts and the request is queued again.
        return counted == 1 ? new Lease(leaseId, domain, queueKey, member, score, crawl, deadline) : null;
    }

    /// <summary>Tests only: runs between the pop and its counting, where a crash leaves a lease not yet counted.</summary>
    internal Func<Task>? AfterPop { get; set; }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
