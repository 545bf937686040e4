using CrawlCluster.Core.Caching;
using CrawlCluster.Core.Dedup;
using CrawlCluster.Core.Domains;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Crawler.Requests;

namespace CrawlCluster.Crawler.Scheduling;

/// <summary>
/// Offers requests a crawler produced (links, retries) to the queues with the original's checks (CONTRACT.md Part B
/// §2.3): the crawl blacklist (stopped crawls) and <c>expires</c>, the duplicate filter (unless dont_filter), the
/// crawl's domain_max_pages, the global page limit, the domain blacklist (unless SCHEDULER_BACKLOG_BLACKLIST); then the
/// push into the queue of the request's own spider type. A page's children go in one batch: one dupefilter round trip
/// per crawl, one stopped check per crawl, one push round trip. The stopped check runs first, so a stopped crawl's
/// links leave no fingerprints or page counts behind.
/// </summary>
internal sealed class RequestQueuer
{
    // A crawl not stopped a moment ago is taken as still running for this long: the check runs about once per crawl
    // per second, not once per page, and a stop reaches the children of pages in flight within that time.
    private static readonly TimeSpan RunningFor = TimeSpan.FromSeconds(1);
    private readonly IFrontierQueue _frontier;
    private readonly IDupeFilter _dupes;
    private readonly IPageLimits _pageLimits;
    private readonly ICrawlBlacklist _stopped;
    private readonly SchedulerOptions _options;
    private readonly DomainExtractor _domains;
    private readonly TimeProvider _time;
    private readonly Func<string, bool> _blacklisted;
    private readonly BoundedCache<(string Spider, CrawlIdentity Crawl), DateTimeOffset> _runningUntil = new(10_000);

    public RequestQueuer(IFrontierQueue frontier, IDupeFilter dupes, IPageLimits pageLimits, ICrawlBlacklist stopped, SchedulerOptions options,
        DomainExtractor domains, TimeProvider time, Func<string, bool> blacklisted)
    {
        _frontier = frontier;
        _dupes = dupes;
        _pageLimits = pageLimits;
        _stopped = stopped;
        _options = options;
        _domains = domains;
        _time = time;
        _blacklisted = blacklisted;
    }

    /// <summary>Offers one request to the queues.</summary>
    public async Task<QueueDecision> EnqueueAsync(CrawlTask task, CancellationToken cancellationToken) =>
        (await EnqueueAsync([task], from: null, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Offers requests to the queues in one batch; the decision for each, in order.</summary>
    /// <param name="tasks">The requests.</param>
    /// <param name="from">
    /// The page they were found on. Its dupefilter check is an attempt named after that request, so that if this
    /// crawler dies (or loses the store) before the push, the next crawl of the page queues the same children again
    /// instead of finding them all "seen" and losing them.
    /// </param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<QueueDecision[]> EnqueueAsync(IReadOnlyList<CrawlTask> tasks, CrawlTask? from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var decisions = new QueueDecision[tasks.Count];
        var domains = new string[tasks.Count];
        var candidates = new List<int>(tasks.Count);
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            if (!task.TryGetUri(out var uri))
            {
                decisions[i] = QueueDecision.Invalid;
                continue;
            }

            domains[i] = _domains.KeyOf(uri.AbsoluteUri);
            decisions[i] = !RedisKeys.IsSafePart(domains[i]) || !RedisKeys.IsSafePart(task.SpiderId) ? QueueDecision.Invalid
                : IsExpired(task) ? QueueDecision.Expired
                : await IsStoppedAsync(task, cancellationToken).ConfigureAwait(false) ? QueueDecision.Blacklisted
                : QueueDecision.Queued;
            if (decisions[i] == QueueDecision.Queued)
            {
                candidates.Add(i);
            }
        }

        var attempt = from is null ? null : $"{RequestFingerprint.Of("GET", from.Url)}:{from.RetryTimes}";
        var checkedCrawls = await FilterDuplicatesAsync(tasks, candidates, decisions, attempt, cancellationToken).ConfigureAwait(false);
        await TakePagesAsync(tasks, domains, candidates, decisions, cancellationToken).ConfigureAwait(false);
        var pushes = new List<FrontierPush>(candidates.Count);
        foreach (var i in candidates.Where(i => decisions[i] == QueueDecision.Queued))
        {
            // SCHEDULER_BACKLOG_BLACKLIST keeps a blacklisted domain's requests queued for when it is taken off the list.
            if (!_options.BacklogBlacklist && _blacklisted(domains[i]))
            {
                decisions[i] = QueueDecision.Blacklisted;
                continue;
            }

            pushes.Add(new FrontierPush(tasks[i].SpiderId, domains[i], tasks[i].ToMember(), tasks[i].Priority));
        }

        await _frontier.PushAsync(pushes, cancellationToken).ConfigureAwait(false);
        if (attempt is not null)
        {
            foreach (var (spiderId, crawlId) in checkedCrawls)
            {
                await _dupes.EndAttemptAsync(spiderId, crawlId, attempt, cancellationToken).ConfigureAwait(false);
            }
        }

        return decisions;
    }

    /// <summary>Records <paramref name="task"/> as seen by the crawl's duplicate filter (for seeds, which never pass it).</summary>
    public Task MarkSeenAsync(CrawlTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        return _dupes.SeenAsync(task.SpiderId, task.CrawlId, [RequestFingerprint.Of("GET", task.Url)], attempt: null, cancellationToken);
    }

    /// <summary>Records <paramref name="url"/> in the duplicate filter of <paramref name="task"/>'s crawl; true when it had been seen.</summary>
    public async Task<bool> SeenAsync(CrawlTask task, string url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        return (await _dupes.SeenAsync(task.SpiderId, task.CrawlId, [RequestFingerprint.Of("GET", url)], attempt: null, cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>Whether the crawl of <paramref name="task"/> was stopped (a verdict of "running" is reused for a second).</summary>
    public async Task<bool> IsStoppedAsync(CrawlTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var crawl = new CrawlIdentity(task.AppId, task.CrawlId);
        var now = _time.GetUtcNow();
        if (_runningUntil.TryGetValue((task.SpiderId, crawl), out var until) && until > now)
        {
            return false;
        }

        var stopped = await _stopped.IsStoppedAsync(task.SpiderId, crawl, cancellationToken).ConfigureAwait(false);
        if (!stopped)
        {
            _runningUntil.Set((task.SpiderId, crawl), now + RunningFor);
        }

        return stopped;
    }

    /// <summary>Whether the crawl of <paramref name="task"/> has expired.</summary>
    public bool IsExpired(CrawlTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Expires != 0 && _time.GetUtcNow().ToUnixTimeSeconds() >= task.Expires;
    }

    /// <summary>Marks duplicates; returns the crawls whose filter was checked (under <paramref name="attempt"/>).</summary>
    private async Task<List<(string SpiderId, string CrawlId)>> FilterDuplicatesAsync(IReadOnlyList<CrawlTask> tasks, List<int> candidates, QueueDecision[] decisions,
        string? attempt, CancellationToken cancellationToken)
    {
        var checkedCrawls = new List<(string SpiderId, string CrawlId)>();
        foreach (var group in candidates.Where(i => !tasks[i].DontFilter).GroupBy(i => (tasks[i].SpiderId, tasks[i].CrawlId)))
        {
            var members = group.ToList();
            checkedCrawls.Add(group.Key);
            var seen = await _dupes.SeenAsync(group.Key.SpiderId, group.Key.CrawlId, [.. members.Select(i => RequestFingerprint.Of("GET", tasks[i].Url))],
                attempt, cancellationToken).ConfigureAwait(false);
            for (var m = 0; m < members.Count; m++)
            {
                decisions[members[m]] = seen[m] ? QueueDecision.Duplicate : decisions[members[m]];
            }
        }

        candidates.RemoveAll(i => decisions[i] != QueueDecision.Queued);
        return checkedCrawls;
    }

    private async Task TakePagesAsync(IReadOnlyList<CrawlTask> tasks, string[] domains, List<int> candidates, QueueDecision[] decisions,
        CancellationToken cancellationToken)
    {
        var domainTimeout = TimeSpan.FromSeconds(_options.DomainMaxPageTimeoutSeconds);
        var globalTimeout = TimeSpan.FromSeconds(_options.GlobalPagePerDomainLimitTimeoutSeconds);
        var checks = candidates.Select(async i =>
        {
            var task = tasks[i];
            if (task.DomainMaxPages is > 0 and var limit
                && !await _pageLimits.TryTakeDomainPageAsync(task.SpiderId, domains[i], task.CrawlId, limit, domainTimeout, cancellationToken).ConfigureAwait(false))
            {
                decisions[i] = QueueDecision.PageLimit;
            }
            else if (_options.GlobalPagePerDomainLimit is { } global
                && !await _pageLimits.TryTakeGlobalPageAsync(task.SpiderId, domains[i], task.CrawlId, global, globalTimeout, cancellationToken).ConfigureAwait(false))
            {
                decisions[i] = QueueDecision.PageLimit;
            }
        });
        await Task.WhenAll(checks).ConfigureAwait(false);
        candidates.RemoveAll(i => decisions[i] != QueueDecision.Queued);
    }
}
