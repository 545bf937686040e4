using System.Collections.Concurrent;
using System.Globalization;
using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Signals;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Frontier;

/// <summary>
/// The loss-free frontier of one spider type (DESIGN.md §6.1–6.3). Requests live in the original's domain queues
/// (<c>&lt;spiderid&gt;:&lt;domain&gt;:queue</c>, score −priority), so the original's components can read and feed
/// them. On top: a ready index of domains scored by when a pop may next succeed — a pop reads a few ready domains and
/// runs one script on one of them, so its cost does not grow with the number of domains — leases that return a request
/// to its queue when the crawler holding it dies, per-crawl counters, and a wake-up signal for idle crawlers.
/// </summary>
public sealed class RedisFrontier
{
    private static readonly string PushScript = EmbeddedScript.Read(typeof(RedisFrontier), "Push");
    private static readonly string LeasePopScript =
        EmbeddedScript.WithPrelude(typeof(Throttling.RedisThrottledQueue), "ThrottleCheck", typeof(RedisFrontier), "LeasePop");
    private static readonly string CountPoppedScript = EmbeddedScript.Read(typeof(RedisFrontier), "CountPopped");
    private static readonly string AckScript = EmbeddedScript.Read(typeof(RedisFrontier), "Ack");
    private static readonly string RequeueScript = EmbeddedScript.Read(typeof(RedisFrontier), "Requeue");
    private static readonly string PurgeScript = EmbeddedScript.Read(typeof(RedisFrontier), "Purge");
    private static readonly string DelayScript = EmbeddedScript.Read(typeof(RedisFrontier), "DelayDomain");
    private const int PurgeBatch = 256;
    private static readonly TimeSpan PushIdLifetime = TimeSpan.FromDays(1);
    private static readonly string UniquePrefix = Guid.NewGuid().ToString("N")[..8];
    private static long _unique;

    private readonly IConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly string _spiderId;
    private readonly FrontierSettings _settings;
    private readonly TimeProvider _time;
    private readonly RedisKey _ready;
    private readonly RedisKey _leases;
    private readonly RedisKey _leaseData;
    private readonly ConcurrentDictionary<string, int> _popsPerDomain = new(StringComparer.Ordinal);
    private readonly ChangeSignal _workQueued = new();
    private readonly Lazy<Task> _subscription;

    /// <summary>Creates the frontier of <paramref name="spiderId"/>.</summary>
    public RedisFrontier(IConnectionMultiplexer redis, string spiderId, FrontierSettings settings, TimeProvider time)
    {
        _redis = redis;
        _db = redis.GetDatabase();
        _spiderId = spiderId;
        _settings = settings;
        _time = time;
        _ready = CrawlClusterKeys.Ready(spiderId);
        _leases = CrawlClusterKeys.Leases(spiderId);
        _leaseData = CrawlClusterKeys.LeaseData(spiderId);
        _subscription = new Lazy<Task>(() => _redis.GetSubscriber().SubscribeAsync(
            RedisChannel.Literal(CrawlClusterKeys.FrontierSignal(spiderId)), (_, _) => _workQueued.Notify()));
    }

    /// <summary>
    /// Queues a request in its domain's queue, behind the requests of the same priority already there; false when the
    /// same member was already queued (it keeps its place).
    /// </summary>
    /// <param name="domain">The domain key (<see cref="Core.Domains.DomainParts.Key"/>).</param>
    /// <param name="member">The request as the original encodes it.</param>
    /// <param name="priority">Higher pops first.</param>
    /// <param name="pushId">
    /// Identifies the push for a day, e.g. the bus message it came from: a second push with the same id is ignored even
    /// when its member differs. Null for no such check.
    /// </param>
    public async Task<bool> PushAsync(string domain, string member, int priority, string? pushId = null)
    {
        var crawl = CrawlIdentity.FromMember(member);
        var now = _time.GetUtcNow();
        var added = (long)(await _db.ScriptEvaluateAsync(PushScript,
            [RedisKeys.Queue(_spiderId, domain), _ready, Counters(crawl), Backlog(crawl), AppCrawls(crawl), CrawlClusterKeys.Pushed(pushId ?? "")],
            [member, QueueScore.For(priority, now), domain, now.ToUnixTimeMilliseconds(), priority, crawl.CrawlId,
                pushId is null ? 0 : (int)PushIdLifetime.TotalSeconds]).ConfigureAwait(false));
        if (added == 2)
        {
            await _redis.GetSubscriber().PublishAsync(RedisChannel.Literal(CrawlClusterKeys.FrontierSignal(_spiderId)), RedisValue.EmptyString,
                CommandFlags.FireAndForget).ConfigureAwait(false);
        }

        return added > 0;
    }

    /// <summary>
    /// Leases the best request of a domain whose throttle allows a pop now, trying up to
    /// <see cref="FrontierSettings.Candidates"/> ready domains; null when none may pop now.
    /// </summary>
    public async Task<Lease?> TryLeaseAsync()
    {
        var nowMs = NowMs();
        var candidates = await _db.SortedSetRangeByScoreAsync(_ready, double.NegativeInfinity, nowMs, take: _settings.Candidates).ConfigureAwait(false);
        foreach (var candidate in candidates)
        {
            var domain = (string)candidate!;
            if (await TryLeaseDomainAsync(domain).ConfigureAwait(false) is { } lease)
            {
                return lease;
            }
        }

        return null;
    }

    /// <summary>Ends a lease; false when it had expired and the request already went back to its queue.</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="outcome">How it ended: the result is on the bus, it was given up, or it was queued again.</param>
    public async Task<bool> AckAsync(Lease lease, LeaseOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var field = outcome switch { LeaseOutcome.Done => "done", LeaseOutcome.Failed => "failed", _ => "retried" };
        var ended = (long)(await _db.ScriptEvaluateAsync(AckScript, [_leases, _leaseData, Counters(lease.Crawl)],
            [lease.Id, field]).ConfigureAwait(false));
        return ended == 1;
    }

    /// <summary>Returns a leased request to its queue now (a graceful stop).</summary>
    public Task<bool> ReleaseAsync(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return RequeueAsync(lease.Id, lease.QueueKey, lease.Score, lease.Domain, lease.Member, onlyIfExpiredBeforeMs: null);
    }

    /// <summary>
    /// Keeps every crawler of this spider type from popping <paramref name="domain"/> before <paramref name="until"/>
    /// (a server's Retry-After, a blacklisted domain), requests pushed afterwards included; false when it was ready later.
    /// </summary>
    public async Task<bool> DelayDomainAsync(string domain, DateTimeOffset until) =>
        (long)(await _db.ScriptEvaluateAsync(DelayScript, [_ready], [domain, until.ToUnixTimeMilliseconds()]).ConfigureAwait(false)) == 1;

    /// <summary>Returns requests whose leases expired to their queues (their crawler died); any process may call it.</summary>
    /// <returns>How many were returned.</returns>
    public async Task<int> ReclaimExpiredAsync(int max = 100)
    {
        var nowMs = NowMs();
        var expired = await _db.SortedSetRangeByScoreAsync(_leases, double.NegativeInfinity, nowMs, Exclude.Stop, take: max).ConfigureAwait(false);
        if (expired.Length == 0)
        {
            return 0;
        }

        var data = await _db.HashGetAsync(_leaseData, expired).ConfigureAwait(false);
        var returned = 0;
        for (var i = 0; i < expired.Length; i++)
        {
            if (data[i].IsNull)
            {
                continue;
            }

            var parts = ((string)data[i]!).Split('\n', 4);
            var score = double.Parse(parts[1], CultureInfo.InvariantCulture);
            returned += await RequeueAsync((string)expired[i]!, parts[0], score, parts[2], parts[3], nowMs).ConfigureAwait(false) ? 1 : 0;
        }

        return returned;
    }

    /// <summary>
    /// Adds to the ready index every queue of this spider written by another program (the original's Kafka Monitor
    /// knows nothing of the index). Call it every SCHEDULER_QUEUE_REFRESH seconds.
    /// </summary>
    /// <returns>How many domains were new to the index.</returns>
    public async Task<int> AdoptForeignQueuesAsync()
    {
        var adopted = 0;
        var nowMs = NowMs();
        await foreach (var domain in AllQueuedDomainsAsync().ConfigureAwait(false))
        {
            adopted += await _db.SortedSetAddAsync(_ready, domain, nowMs, SortedSetWhen.NotExists).ConfigureAwait(false) ? 1 : 0;
        }

        return adopted;
    }

    /// <summary>
    /// Waits until work may be there: a push signal, the earliest ready time in the index, or <paramref name="longest"/>,
    /// whichever comes first.
    /// </summary>
    public async Task WaitForWorkAsync(TimeSpan longest, CancellationToken cancellationToken)
    {
        await _subscription.Value.ConfigureAwait(false);
        var signal = _workQueued.Next;
        var next = await _db.SortedSetRangeByRankWithScoresAsync(_ready, 0, 0).ConfigureAwait(false);
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

    /// <summary>
    /// Removes every queued request of <paramref name="crawl"/> (stop and expire) and returns how many were removed.
    /// Only the queues of the crawl's domains are read; <paramref name="scanAllQueues"/> also reads every other queue
    /// of the spider, for requests queued by the original's Kafka Monitor, which keeps no backlog (the original's cost).
    /// Requests in flight are not touched: their crawlers finish them.
    /// </summary>
    public async Task<long> PurgeAsync(CrawlIdentity crawl, bool scanAllQueues = false)
    {
        var domains = new HashSet<string>((await BacklogAsync(crawl).ConfigureAwait(false)).Keys, StringComparer.Ordinal);
        if (scanAllQueues)
        {
            await foreach (var domain in AllQueuedDomainsAsync().ConfigureAwait(false))
            {
                domains.Add(domain);
            }
        }

        long purged = 0;
        foreach (var domain in domains)
        {
            purged += await PurgeDomainAsync(crawl, domain).ConfigureAwait(false);
        }

        return purged;
    }

    /// <summary>
    /// What <paramref name="crawl"/> has queued, per domain: total, highest and lowest priority — read from the
    /// crawl's backlog hash, never from the queues themselves (the original read every member, #53).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DomainBacklog>> BacklogAsync(CrawlIdentity crawl)
    {
        var fields = await _db.HashGetAllAsync(Backlog(crawl)).ConfigureAwait(false);
        var domains = new SortedDictionary<string, DomainBacklog>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var text = (string)field.Name!;
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            var count = (int)field.Value;
            if (bar < 0 || count <= 0 || !int.TryParse(text.AsSpan(0, bar), NumberStyles.Integer, CultureInfo.InvariantCulture, out var priority))
            {
                continue;
            }

            var domain = text[(bar + 1)..];
            var backlog = domains.TryGetValue(domain, out var seen) ? seen : new DomainBacklog { HighPriority = -9999, LowPriority = 9999 };
            backlog.Total += count;
            backlog.HighPriority = Math.Max(backlog.HighPriority, priority);
            backlog.LowPriority = Math.Min(backlog.LowPriority, priority);
            domains[domain] = backlog;
        }

        return domains;
    }

    /// <summary>The crawl ids of <paramref name="appId"/> with requests queued (for an application-level info).</summary>
    public async Task<IReadOnlyList<string>> CrawlIdsAsync(string appId)
    {
        var members = await _db.SetMembersAsync(CrawlClusterKeys.AppCrawls(_spiderId, appId)).ConfigureAwait(false);
        return [.. members.Select(m => (string)m!).Order(StringComparer.Ordinal)];
    }

    /// <summary>The crawl's counters.</summary>
    public async Task<CrawlCounts> CountsAsync(CrawlIdentity crawl)
    {
        var values = await _db.HashGetAsync(Counters(crawl), ["pending", "inflight", "done", "failed"]).ConfigureAwait(false);
        return new CrawlCounts((long?)values[0] ?? 0, (long?)values[1] ?? 0, (long?)values[2] ?? 0, (long?)values[3] ?? 0);
    }

    private async Task<long> PurgeDomainAsync(CrawlIdentity crawl, string domain)
    {
        var queueKey = RedisKeys.Queue(_spiderId, domain);
        var matched = new List<RedisValue>(PurgeBatch);
        long purged = 0;
        await foreach (var entry in _db.SortedSetScanAsync(queueKey, pageSize: 1000).ConfigureAwait(false))
        {
            if (CrawlIdentity.FromMember(entry.Element!) == crawl)
            {
                matched.Add(entry.Element);
                if (matched.Count == PurgeBatch)
                {
                    purged += await RemoveAsync().ConfigureAwait(false);
                }
            }
        }

        return purged + await RemoveAsync().ConfigureAwait(false);

        async Task<long> RemoveAsync()
        {
            RedisValue[] arguments = [domain, crawl.CrawlId, .. matched];
            matched.Clear();
            return (long)(await _db.ScriptEvaluateAsync(PurgeScript,
                [queueKey, _ready, Counters(crawl), Backlog(crawl), AppCrawls(crawl)], arguments).ConfigureAwait(false));
        }
    }

    private async IAsyncEnumerable<string> AllQueuedDomainsAsync()
    {
        foreach (var server in _redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(_db.Database, RedisKeys.QueuePattern(_spiderId), pageSize: 1000).ConfigureAwait(false))
            {
                var name = (string)key!;
                yield return name[(_spiderId.Length + 1)..^":queue".Length];
            }
        }
    }

    private async Task<Lease?> TryLeaseDomainAsync(string domain)
    {
        var policy = _settings.PolicyFor(domain);
        var scope = RedisKeys.ThrottleScope(domain, _settings.ThrottleType, _settings.PublicIp?.Invoke());
        var now = _time.GetUtcNow();
        var leaseId = UniquePrefix + Interlocked.Increment(ref _unique).ToString(CultureInfo.InvariantCulture);
        var deadline = now + _settings.LeaseTime;
        var queueKey = RedisKeys.Queue(_spiderId, domain);
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
            _popsPerDomain.GetValueOrDefault(domain),
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

        _popsPerDomain.AddOrUpdate(domain, 1, (_, pops) => Math.Min(pops + 1, policy.Limit));
        var member = (string)result[1]!;
        var crawl = CrawlIdentity.FromMember(member);
        var score = double.Parse((string)result[2]!, CultureInfo.InvariantCulture);
        await _db.ScriptEvaluateAsync(CountPoppedScript, [Counters(crawl), Backlog(crawl), AppCrawls(crawl)],
            [BacklogField(score, domain), crawl.CrawlId]).ConfigureAwait(false);
        return new Lease(leaseId, domain, queueKey, member, score, crawl, deadline);
    }

    private async Task<bool> RequeueAsync(string leaseId, string queueKey, double score, string domain, string member, long? onlyIfExpiredBeforeMs)
    {
        var crawl = CrawlIdentity.FromMember(member);
        var requeued = (long)(await _db.ScriptEvaluateAsync(RequeueScript,
            [_leases, _leaseData, queueKey, _ready, Counters(crawl), Backlog(crawl), AppCrawls(crawl)],
        [
            leaseId,
            onlyIfExpiredBeforeMs is { } before ? before : "+inf",
            score,
            member,
            domain,
            NowMs(),
            BacklogField(score, domain),
            crawl.CrawlId,
        ]).ConfigureAwait(false));
        if (requeued == 1)
        {
            await _redis.GetSubscriber().PublishAsync(RedisChannel.Literal(CrawlClusterKeys.FrontierSignal(_spiderId)), RedisValue.EmptyString,
                CommandFlags.FireAndForget).ConfigureAwait(false);
        }

        return requeued == 1;
    }

    private RedisKey Counters(CrawlIdentity crawl) => CrawlClusterKeys.CrawlCounters(_spiderId, crawl.AppId, crawl.CrawlId);

    private RedisKey Backlog(CrawlIdentity crawl) => CrawlClusterKeys.CrawlBacklog(_spiderId, crawl.AppId, crawl.CrawlId);

    private RedisKey AppCrawls(CrawlIdentity crawl) => CrawlClusterKeys.AppCrawls(_spiderId, crawl.AppId);

    private static string BacklogField(double score, string domain) =>
        QueueScore.PriorityOf(score).ToString(CultureInfo.InvariantCulture) + "|" + domain;

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
