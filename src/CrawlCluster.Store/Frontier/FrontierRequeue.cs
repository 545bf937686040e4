using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Frontier;

/// <summary>Returns a leased request to its queue: a release on a graceful stop, or an expired lease reclaimed.</summary>
internal static class FrontierRequeue
{
    private static readonly string Script = EmbeddedScript.Read(typeof(FrontierRequeue), "Requeue");

    /// <summary>Requeues the lease; false when it had already ended (or, with <paramref name="onlyIfExpiredBeforeMs"/>, had not expired).</summary>
    public static async Task<bool> RequeueAsync(IConnectionMultiplexer redis, string spiderId, string leaseId, string queueKey, double score,
        string domain, string member, long? onlyIfExpiredBeforeMs, long nowMs)
    {
        var crawl = CrawlIdentity.FromMember(member);
        var requeued = (long)(await redis.GetDatabase().ScriptEvaluateAsync(Script,
        [
            CrawlClusterKeys.Leases(spiderId), CrawlClusterKeys.LeaseData(spiderId), queueKey, CrawlClusterKeys.Ready(spiderId),
            FrontierKeys.Counters(spiderId, crawl), FrontierKeys.Backlog(spiderId, crawl), FrontierKeys.AppCrawls(spiderId, crawl),
            FrontierKeys.CountedLeases(spiderId),
        ],
        [
            leaseId,
            onlyIfExpiredBeforeMs is { } before ? before : "+inf",
            score,
            member,
            domain,
            nowMs,
            FrontierKeys.BacklogField(score, domain),
            crawl.CrawlId,
            QueueScore.Counted(score, DateTimeOffset.FromUnixTimeMilliseconds(nowMs)),
        ]).ConfigureAwait(false));
        if (requeued == 1)
        {
            await redis.GetSubscriber().PublishAsync(FrontierKeys.Signal(spiderId), RedisValue.EmptyString, CommandFlags.FireAndForget).ConfigureAwait(false);
        }

        return requeued == 1;
    }
}
