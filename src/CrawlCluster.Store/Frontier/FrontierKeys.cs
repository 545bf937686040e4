using System.Globalization;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using StackExchange.Redis;

namespace CrawlCluster.Store.Frontier;

/// <summary>The keys, channel and backlog fields the frontier's adapters share.</summary>
internal static class FrontierKeys
{
    public static RedisKey Counters(string spiderId, CrawlIdentity crawl) => CrawlClusterKeys.CrawlCounters(spiderId, crawl.AppId, crawl.CrawlId);

    public static RedisKey Backlog(string spiderId, CrawlIdentity crawl) => CrawlClusterKeys.CrawlBacklog(spiderId, crawl.AppId, crawl.CrawlId);

    public static RedisKey AppCrawls(string spiderId, CrawlIdentity crawl) => CrawlClusterKeys.AppCrawls(spiderId, crawl.AppId);

    /// <summary>The crawls with requests pushed and not announced complete yet.</summary>
    public static readonly RedisKey Active = "cc:active";

    /// <summary>Leases whose request CountPopped moved from pending to in flight (a set of lease ids).</summary>
    public static RedisKey CountedLeases(string spiderId) => $"cc:leasecounted:{spiderId}";

    /// <summary>Set for a period by the process that ran the adoption scan of <paramref name="spiderId"/> (its host and pid).</summary>
    public static RedisKey AdoptionScan(string spiderId) => $"cc:adoptscan:{spiderId}";

    public static string ActiveMember(string spiderId, CrawlIdentity crawl) => $"{spiderId}:{crawl.AppId}:{crawl.CrawlId}";

    public static RedisKey Completed(string spiderId, CrawlIdentity crawl) => $"cc:complete:{spiderId}:{crawl.AppId}:{crawl.CrawlId}";

    public static RedisChannel Signal(string spiderId) => RedisChannel.Literal(CrawlClusterKeys.FrontierSignal(spiderId));

    public static string BacklogField(double score, string domain) =>
        QueueScore.PriorityOf(score).ToString(CultureInfo.InvariantCulture) + "|" + domain;

    /// <summary>The domains of every queue of <paramref name="spiderId"/>, by a key scan (for foreign writers' queues).</summary>
    public static async IAsyncEnumerable<string> AllQueuedDomainsAsync(IConnectionMultiplexer redis, string spiderId)
    {
        var database = redis.GetDatabase().Database;
        foreach (var server in redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(database, RedisKeys.QueuePattern(spiderId), pageSize: 1000).ConfigureAwait(false))
            {
                var name = (string)key!;
                yield return name[(spiderId.Length + 1)..^":queue".Length];
            }
        }
    }
}
