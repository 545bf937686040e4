using System.Globalization;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Connection;
using StackExchange.Redis;

namespace CrawlCluster.Store.Frontier;

/// <summary>Returns expired leases to their queues and adopts queues written by foreign programs into the ready index.</summary>
/// <param name="redis">The store.</param>
/// <param name="time">The clock.</param>
internal sealed class RedisFrontierMaintenance(IConnectionMultiplexer redis, TimeProvider time) : IFrontierMaintenance
{
    private const int ReclaimBatch = 100;

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
    public async Task<int> AdoptForeignQueuesAsync(string spiderId, CancellationToken cancellationToken)
    {
        try
        {
            var db = redis.GetDatabase();
            var adopted = 0;
            var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
            await foreach (var domain in FrontierKeys.AllQueuedDomainsAsync(redis, spiderId).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                adopted += await db.SortedSetAddAsync(CrawlClusterKeys.Ready(spiderId), domain, nowMs, SortedSetWhen.NotExists).ConfigureAwait(false) ? 1 : 0;
            }

            return adopted;
        }
        catch (Exception ex) when (StoreErrors.IsStoreError(ex))
        {
            throw StoreErrors.Translate(ex);
        }
    }
}
