using System.Globalization;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Frontier;

/// <summary>
/// Returns expired leases to their queues, and adopts queues and requests written by other programs: their domains into
/// the ready index, their requests into the counters and backlogs of their crawls.
/// </summary>
/// <param name="redis">The store.</param>
/// <param name="time">The clock.</param>
internal sealed class RedisFrontierMaintenance(IConnectionMultiplexer redis, TimeProvider time) : IFrontierMaintenance
{
    private const int ReclaimBatch = 100;
    private const int AdoptBatch = 256;
    private const int AdoptRequestsAtOnce = 500;
    private const int MaxAdoptRounds = 1_000;
    private static readonly string ProcessMark = $"{Environment.MachineName}:{Environment.ProcessId}";
    private static readonly string AdoptQueueScript = EmbeddedScript.Read(typeof(RedisFrontierMaintenance), "AdoptQueue");
    private static readonly string AdoptRequestsScript = EmbeddedScript.Read(typeof(RedisFrontierMaintenance), "AdoptRequests");

    /// <inheritdoc/>
    public async Task<int> ReclaimExpiredAsync(string spiderId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var db = redis.GetDatabase();
            var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
            var expired = await db.SortedSetRangeByScoreAsync(CrawlClusterKeys.Leases(spiderId), double.NegativeInfinity, nowMs, Exclude.Stop, take: ReclaimBatch)
                .ConfigureAwait(false);
            if (expired.Length == 0)
            {
                return 0;
            }

            var data = await db.HashGetAsync(CrawlClusterKeys.LeaseData(spiderId), expired).ConfigureAwait(false);
            var returned = 0;
            for (var i = 0; i < expired.Length; i++)
            {
                if (data[i].IsNull)
                {
                    continue;
                }

                var parts = ((string)data[i]!).Split('\n', 4);
                var score = double.Parse(parts[1], CultureInfo.InvariantCulture);
                returned += await FrontierRequeue.RequeueAsync(redis, spiderId, (string)expired[i]!, parts[0], score, parts[2], parts[3], nowMs, nowMs)
                    .ConfigureAwait(false) ? 1 : 0;
            }

            return returned;
        }
        catch (Exception ex) when (StoreErrors.IsStoreError(ex))
        {
            throw StoreErrors.Translate(ex);
        }
    }

    /// <inheritdoc/>
    public async Task<FrontierAdoption> AdoptForeignQueuesAsync(string spiderId, TimeSpan oncePer, CancellationToken cancellationToken)
    {
        try
        {
            if (oncePer > TimeSpan.Zero &&
                !await redis.GetDatabase().StringSetAsync(FrontierKeys.AdoptionScan(spiderId), ProcessMark, oncePer, When.NotExists).ConfigureAwait(false))
            {
                return new FrontierAdoption(0, 0);
            }

            var adoption = new FrontierAdoption(0, 0);
            var batch = new List<string>(AdoptBatch);
            await foreach (var domain in FrontierKeys.AllQueuedDomainsAsync(redis, spiderId).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                batch.Add(domain);
                if (batch.Count == AdoptBatch)
                {
                    adoption = Sum(adoption, await AdoptAsync(spiderId, batch, cancellationToken).ConfigureAwait(false));
                    batch.Clear();
                }
            }

            return Sum(adoption, await AdoptAsync(spiderId, batch, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (StoreErrors.IsStoreError(ex))
        {
            throw StoreErrors.Translate(ex);
        }
    }

    // One script per queue, sent together: the queues of a batch cost one round trip, not one each.
    private async Task<FrontierAdoption> AdoptAsync(string spiderId, List<string> domains, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var found = await Task.WhenAll(domains.Select(domain => ListUncountedAsync(spiderId, domain, nowMs))).ConfigureAwait(false);
        var adopted = await Task.WhenAll(found.Select((listed, i) => AdoptQueueAsync(spiderId, domains[i], listed, nowMs, cancellationToken))).ConfigureAwait(false);
        return new FrontierAdoption(found.Sum(listed => (int)listed[0]), adopted.Sum());
    }

    private async Task<RedisResult[]> ListUncountedAsync(string spiderId, string domain, long nowMs) =>
        (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(AdoptQueueScript, [RedisKeys.Queue(spiderId, domain), CrawlClusterKeys.Ready(spiderId)],
            [nowMs, domain, AdoptRequestsAtOnce]).ConfigureAwait(false))!;

    // A queue with more uncounted requests than one look-up lists is read again until none is left; each round adopts
    // what it listed, or finds it gone, so the rounds end.
    private async Task<int> AdoptQueueAsync(string spiderId, string domain, RedisResult[] listed, long nowMs, CancellationToken cancellationToken)
    {
        var adopted = 0;
        for (var round = 0; listed.Length > 1 && round < MaxAdoptRounds; round++)
        {
            adopted += await AdoptRequestsAsync(spiderId, domain, listed).ConfigureAwait(false);
            if ((listed.Length - 1) / 2 < AdoptRequestsAtOnce)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            listed = await ListUncountedAsync(spiderId, domain, nowMs).ConfigureAwait(false);
        }

        return adopted;
    }

    private static FrontierAdoption Sum(FrontierAdoption a, FrontierAdoption b) => new(a.Domains + b.Domains, a.Requests + b.Requests);

    // Counts the listed requests, grouped by crawl, as the push of each would have counted it.
    private async Task<int> AdoptRequestsAsync(string spiderId, string domain, RedisResult[] listed)
    {
        var db = redis.GetDatabase();
        var now = time.GetUtcNow();
        var byCrawl = new Dictionary<CrawlIdentity, List<RedisValue>>();
        for (var i = 1; i + 1 < listed.Length; i += 2)
        {
            var member = (string)listed[i]!;
            var score = (double)listed[i + 1];
            var crawl = CrawlIdentity.FromMember(member);
            if (!byCrawl.TryGetValue(crawl, out var values))
            {
                byCrawl[crawl] = values = [now.ToUnixTimeMilliseconds(), crawl.CrawlId, FrontierKeys.ActiveMember(spiderId, crawl)];
            }

            values.AddRange([member, score, QueueScore.Counted(score, now), FrontierKeys.BacklogField(score, domain)]);
        }

        var adopted = await Task.WhenAll(byCrawl.Select(pair => db.ScriptEvaluateAsync(AdoptRequestsScript,
            [RedisKeys.Queue(spiderId, domain), FrontierKeys.Counters(spiderId, pair.Key), FrontierKeys.Backlog(spiderId, pair.Key),
                FrontierKeys.AppCrawls(spiderId, pair.Key), FrontierKeys.Active],
            [.. pair.Value]))).ConfigureAwait(false);
        return adopted.Sum(result => (int)result);
    }
}
