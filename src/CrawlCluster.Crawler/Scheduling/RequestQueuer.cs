using System.Collections.Concurrent;
using CrawlCluster.Core.Dedup;
using CrawlCluster.Core.Domains;
using CrawlCluster.Core.Keys;
using CrawlCluster.Crawler.Requests;
using CrawlCluster.Store.Dedup;
using CrawlCluster.Store.Frontier;
using StackExchange.Redis;

namespace CrawlCluster.Crawler.Scheduling;

/// <summary>
/// Offers requests a crawler produced (links, retries) to the queues, with the original's checks in its order
/// (CONTRACT.md Part B §2.3): the duplicate filter (unless dont_filter), the crawl's domain_max_pages, the global
/// page limit, the crawl blacklist (stopped crawls), <c>expires</c>, the domain blacklist (unless
/// SCHEDULER_BACKLOG_BLACKLIST); then the push into the queue of the request's own spider type.
/// </summary>
public sealed class RequestQueuer
{
    private readonly IDatabase _db;
    private readonly SchedulerOptions _options;
    private readonly DomainExtractor _domains;
    private readonly Func<string, RedisFrontier> _frontierFor;
    private readonly TimeProvider _time;
    private readonly RedisDupeFilter _dupes;
    private readonly RedisBloomDupeFilter? _bloom;
    private readonly RedisPageLimit _pageLimit;
    private readonly Func<string, bool>? _blacklisted;
    private readonly ConcurrentDictionary<string, RedisFrontier> _frontiers = new(StringComparer.Ordinal);

    /// <summary>Creates the queuer.</summary>
    /// <param name="store">The store.</param>
    /// <param name="options">The scheduler's settings.</param>
    /// <param name="domains">Domain extraction for queue keys.</param>
    /// <param name="frontierFor">The frontier of a spider type.</param>
    /// <param name="time">The clock.</param>
    /// <param name="blacklisted">Whether a domain is on the cluster's blacklist; null when none is.</param>
    public RequestQueuer(IConnectionMultiplexer store, SchedulerOptions options, DomainExtractor domains, Func<string, RedisFrontier> frontierFor, TimeProvider time,
        Func<string, bool>? blacklisted = null)
    {
        _blacklisted = blacklisted;
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _db = store.GetDatabase();
        _options = options;
        _domains = domains;
        _frontierFor = frontierFor;
        _time = time;
        var timeout = TimeSpan.FromSeconds(options.DupeFilterTimeoutSeconds);
        _dupes = new RedisDupeFilter(_db, timeout);
        _bloom = options.DupeFilterType == "bloom"
            ? new RedisBloomDupeFilter(_db, new BloomFilterShape(options.DupeFilterBloomCapacity, options.DupeFilterBloomErrorRate), timeout)
            : null;
        _pageLimit = new RedisPageLimit(_db);
    }

    /// <summary>Offers <paramref name="task"/> to the queues.</summary>
    public async Task<QueueDecision> EnqueueAsync(CrawlTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!task.TryGetUri(out var uri))
        {
            return QueueDecision.Invalid;
        }

        var spider = task.SpiderId;
        var domain = _domains.KeyOf(uri.AbsoluteUri);
        if (!RedisKeys.IsSafePart(domain) || !RedisKeys.IsSafePart(spider))
        {
            return QueueDecision.Invalid;
        }

        if (!task.DontFilter && await SeenAsync(task).ConfigureAwait(false))
        {
            return QueueDecision.Duplicate;
        }

        if (task.DomainMaxPages is > 0 and var limit
            && !await _pageLimit.TryTakeDomainPageAsync(spider, domain, task.CrawlId, limit, TimeSpan.FromSeconds(_options.DomainMaxPageTimeoutSeconds)).ConfigureAwait(false))
        {
            return QueueDecision.PageLimit;
        }

        if (_options.GlobalPagePerDomainLimit is { } global
            && !await _pageLimit.TryTakeGlobalPageAsync(spider, domain, task.CrawlId, global, TimeSpan.FromSeconds(_options.GlobalPagePerDomainLimitTimeoutSeconds)).ConfigureAwait(false))
        {
            return QueueDecision.PageLimit;
        }

        if (await IsStoppedAsync(task).ConfigureAwait(false))
        {
            return QueueDecision.Blacklisted;
        }

        if (IsExpired(task))
        {
            return QueueDecision.Expired;
        }

        // SCHEDULER_BACKLOG_BLACKLIST keeps a blacklisted domain's requests queued for when it is taken off the list.
        if (!_options.BacklogBlacklist && _blacklisted?.Invoke(domain) == true)
        {
            return QueueDecision.Blacklisted;
        }

        var frontier = _frontiers.GetOrAdd(spider, _frontierFor);
        await frontier.PushAsync(domain, task.ToMember(), task.Priority).ConfigureAwait(false);
        return QueueDecision.Queued;
    }

    /// <summary>Records <paramref name="task"/> as seen by the crawl's duplicate filter (for seeds, which never pass it).</summary>
    public Task MarkSeenAsync(CrawlTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return SeenAsync(task);
    }

    /// <summary>Adds the request's fingerprint to its crawl's filter; true when it was there already.</summary>
    private Task<bool> SeenAsync(CrawlTask task)
    {
        var fingerprint = RequestFingerprint.Of("GET", task.Url);
        return _bloom is null
            ? _dupes.SeenAsync(task.SpiderId, task.CrawlId, fingerprint)
            : _bloom.SeenAsync(task.SpiderId, task.CrawlId, fingerprint);
    }

    /// <summary>Whether the crawl of <paramref name="task"/> was stopped (checked again when a request is popped).</summary>
    public Task<bool> IsStoppedAsync(CrawlTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return _db.SetContainsAsync(RedisKeys.CrawlBlacklist(task.SpiderId), RedisKeys.CrawlBlacklistMember(task.AppId, task.CrawlId));
    }

    /// <summary>Whether the crawl of <paramref name="task"/> has expired.</summary>
    public bool IsExpired(CrawlTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Expires != 0 && _time.GetUtcNow().ToUnixTimeSeconds() >= task.Expires;
    }
}
