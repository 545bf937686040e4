using System.Text.Json.Nodes;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Jobs;
using CrawlCluster.Core.Keys;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.RedisMonitor.Plugins;

/// <summary>
/// Stop requests (<c>stop:&lt;spiderid&gt;:&lt;appid&gt;:&lt;crawlid&gt;</c> = uuid): the crawl goes on the spider's
/// blacklist (requests in flight finish; their children are refused), its queued requests are purged — those an
/// original component queued too — and the answer says how many.
/// </summary>
internal sealed class StopMonitor(ICrawlBlacklist blacklist, ICrawlLedger ledger, IJobBoard jobs, MonitorAnswers answers, ILogger<StopMonitor> logger)
    : IRedisMonitorPlugin
{
    public string Name => "StopMonitor";

    public string Pattern => "stop:*:*";

    public async Task HandleAsync(MonitorJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Parts.Count < 4)
        {
            Log.StopNeedsCrawl(logger, job.Key);
            return;
        }

        Log.Received(logger, "stop", job.Key);
        var (spiderId, appId, crawlId) = (job.Parts[1], job.Parts[2], string.Join(':', job.Parts.Skip(3)));
        var purged = await StopAndPurgeAsync(blacklist, ledger, spiderId, new CrawlIdentity(appId, crawlId), cancellationToken).ConfigureAwait(false);
        var answer = new JsonObject
        {
            ["action"] = "stop",
            ["spiderid"] = spiderId,
            ["appid"] = appId,
            ["crawlid"] = crawlId,
            ["total_purged"] = purged,
            ["uuid"] = job.Value,
            ["server_time"] = answers.ServerTime,
        };
        Log.Sent(logger, "stop", await answers.PublishAsync(appId, answer, cancellationToken).ConfigureAwait(false));
        await jobs.CompleteAsync(RedisKeys.Timeout(spiderId, appId, crawlId), cancellationToken).ConfigureAwait(false);
    }

    public JsonObject? ErrorAnswer(MonitorJob job, string reason) =>
        new() { ["action"] = "stop", ["uuid"] = job.Value, ["appid"] = job.Parts.ElementAtOrDefault(2), ["crawlid"] = job.Parts.ElementAtOrDefault(3), ["error"] = reason };

    /// <summary>Blacklists the crawl, then purges its queued requests (all queues of the spider: an original component's too).</summary>
    public static async Task<long> StopAndPurgeAsync(ICrawlBlacklist blacklist, ICrawlLedger ledger, string spiderId, CrawlIdentity crawl,
        CancellationToken cancellationToken)
    {
        await blacklist.StopAsync(spiderId, crawl, cancellationToken).ConfigureAwait(false);
        return await ledger.PurgeAsync(spiderId, crawl, scanAllQueues: true, cancellationToken).ConfigureAwait(false);
    }
}
