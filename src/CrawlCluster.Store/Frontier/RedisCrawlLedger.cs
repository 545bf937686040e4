using System.Globalization;
using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Frontier;

/// <summary>
/// Each crawl's counters (<c>cc:crawl:…</c>), its backlog per priority and domain (<c>cc:crawlstats:…</c>) and each
/// application's crawls (<c>cc:appcrawls:…</c>), kept by the frontier's scripts as requests move; and purging a
/// crawl's queued requests.
/// </summary>
/// <param name="redis">The store.</param>
internal sealed class RedisCrawlLedger(IConnectionMultiplexer redis) : ICrawlLedger
{
    private const int PurgeBatch = 256;
    private static readonly string PurgeScript = EmbeddedScript.Read(typeof(RedisCrawlLedger), "Purge");

    /// <inheritdoc/>
    public async Task<CrawlCounts> CountsAsync(string spiderId, CrawlIdentity crawl, CancellationToken cancellationToken)
    {
        var values = await StoreErrors.Guard(redis.GetDatabase().HashGetAsync(FrontierKeys.Counters(spiderId, crawl), ["pending", "inflight", "done", "failed"]),
            cancellationToken).ConfigureAwait(false);
        return new CrawlCounts((long?)values[0] ?? 0, (long?)values[1] ?? 0, (long?)values[2] ?? 0, (long?)values[3] ?? 0);
    }

    /// <inheritdoc/>
    public async Task<CrawlStatus> StatusAsync(string spiderId, CrawlIdentity crawl, CancellationToken cancellationToken)
    {
        var values = await StoreErrors.Guard(redis.GetDatabase().HashGetAsync(FrontierKeys.Counters(spiderId, crawl),
            ["pending", "inflight", "done", "failed", "retried", "first", "last"]), cancellationToken).ConfigureAwait(false);
        return new CrawlStatus(new CrawlCounts((long?)values[0] ?? 0, (long?)values[1] ?? 0, (long?)values[2] ?? 0, (long?)values[3] ?? 0), (long?)values[4] ?? 0,
            Time(values[5]), Time(values[6]));

        static DateTimeOffset? Time(RedisValue ms) => ms.IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<(string SpiderId, CrawlIdentity Crawl)>> ActiveCrawlsAsync(CancellationToken cancellationToken)
    {
        var members = await StoreErrors.Guard(redis.GetDatabase().SetMembersAsync(FrontierKeys.Active), cancellationToken).ConfigureAwait(false);
        return [.. members.Select(m => ((string)m!).Split(':', 3)).Where(p => p.Length == 3).Select(p => (p[0], new CrawlIdentity(p[1], p[2])))];
    }

    /// <inheritdoc/>
    public async Task<bool> MarkCompleteAsync(string spiderId, CrawlIdentity crawl, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var first = await StoreErrors.Guard(db.StringSetAsync(FrontierKeys.Completed(spiderId, crawl), "1", TimeSpan.FromDays(7), When.NotExists), cancellationToken)
            .ConfigureAwait(false);
        await StoreErrors.Guard(db.SetRemoveAsync(FrontierKeys.Active, FrontierKeys.ActiveMember(spiderId, crawl)), cancellationToken).ConfigureAwait(false);
        return first;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, DomainBacklog>> BacklogAsync(string spiderId, CrawlIdentity crawl, CancellationToken cancellationToken)
    {
        var fields = await StoreErrors.Guard(redis.GetDatabase().HashGetAllAsync(FrontierKeys.Backlog(spiderId, crawl)), cancellationToken).ConfigureAwait(false);
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

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> CrawlIdsAsync(string spiderId, string appId, CancellationToken cancellationToken)
    {
        var members = await StoreErrors.Guard(redis.GetDatabase().SetMembersAsync(CrawlClusterKeys.AppCrawls(spiderId, appId)), cancellationToken).ConfigureAwait(false);
        return [.. members.Select(m => (string)m!).Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public async Task<long> PurgeAsync(string spiderId, CrawlIdentity crawl, bool scanAllQueues, CancellationToken cancellationToken)
    {
        var domains = new HashSet<string>((await BacklogAsync(spiderId, crawl, cancellationToken).ConfigureAwait(false)).Keys, StringComparer.Ordinal);
        try
        {
            if (scanAllQueues)
            {
                await foreach (var domain in FrontierKeys.AllQueuedDomainsAsync(redis, spiderId).WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    domains.Add(domain);
                }
            }

            long purged = 0;
            foreach (var domain in domains)
            {
                cancellationToken.ThrowIfCancellationRequested();
                purged += await PurgeDomainAsync(spiderId, crawl, domain).ConfigureAwait(false);
            }

            return purged;
        }
        catch (Exception ex) when (StoreErrors.IsStoreError(ex))
        {
            throw StoreErrors.Translate(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<QueueBacklog>> QueuesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var db = redis.GetDatabase();
            var keys = new List<string>();
            foreach (var server in redis.GetServers())
            {
                await foreach (var key in server.KeysAsync(db.Database, "*:*:queue", pageSize: 1000).WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    keys.Add(key.ToString());
                }
            }

            var counts = await Task.WhenAll(keys.Select(k => db.SortedSetLengthAsync(k))).ConfigureAwait(false);
            var queues = new List<QueueBacklog>(keys.Count);
            for (var i = 0; i < keys.Count; i++)
            {
                var parts = keys[i].Split(':');
                if (parts.Length >= 3)
                {
                    queues.Add(new QueueBacklog(parts[0], string.Join(':', parts[1..^1]), counts[i]));
                }
            }

            return queues;
        }
        catch (Exception ex) when (StoreErrors.IsStoreError(ex))
        {
            throw StoreErrors.Translate(ex);
        }
    }

    private async Task<long> PurgeDomainAsync(string spiderId, CrawlIdentity crawl, string domain)
    {
        var db = redis.GetDatabase();
        var queueKey = RedisKeys.Queue(spiderId, domain);
        var matched = new List<RedisValue>(PurgeBatch);
        long purged = 0;
        await foreach (var entry in db.SortedSetScanAsync(queueKey, pageSize: 1000).ConfigureAwait(false))
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
            return (long)(await db.ScriptEvaluateAsync(PurgeScript,
                [queueKey, CrawlClusterKeys.Ready(spiderId), FrontierKeys.Counters(spiderId, crawl), FrontierKeys.Backlog(spiderId, crawl), FrontierKeys.AppCrawls(spiderId, crawl)],
                arguments).ConfigureAwait(false));
        }
    }
}
