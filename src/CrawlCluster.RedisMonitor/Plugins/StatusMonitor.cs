using System.Text.Json.Nodes;
using CrawlCluster.Core.Frontier;
using CrawlCluster.RedisMonitor.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrawlCluster.RedisMonitor.Plugins;

/// <summary>
/// Status requests (<c>{"action": "status", ...}</c> → <c>status:&lt;spiderid&gt;:&lt;appid&gt;:&lt;crawlid&gt;</c> = uuid),
/// beyond the original, which could not say when a crawl is finished (its #193): the crawl's counters — pending, in
/// flight, done, failed, retried — its first and last activity, and whether it is finished: nothing pending or in
/// flight for CRAWL_COMPLETE_QUIET seconds.
/// </summary>
internal sealed class StatusMonitor(ICrawlLedger ledger, MonitorAnswers answers, TimeProvider time, IOptions<RedisMonitorOptions> options, ILogger<StatusMonitor> logger)
    : IRedisMonitorPlugin
{
    public string Name => "StatusMonitor";

    public string Pattern => "status:*:*:*";

    public async Task HandleAsync(MonitorJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        Log.Received(logger, "status", job.Key);
        var (spiderId, appId, crawlId) = (job.Parts[1], job.Parts[2], string.Join(':', job.Parts.Skip(3)));
        var status = await ledger.StatusAsync(spiderId, new CrawlIdentity(appId, crawlId), cancellationToken).ConfigureAwait(false);
        var answer = Describe(status, spiderId, appId, crawlId, IsFinished(status, time.GetUtcNow(), options.Value));
        answer["action"] = "status";
        answer["uuid"] = job.Value;
        answer["server_time"] = answers.ServerTime;
        Log.Sent(logger, "status", await answers.PublishAsync(appId, answer, cancellationToken).ConfigureAwait(false));
    }

    public JsonObject? ErrorAnswer(MonitorJob job, string reason) =>
        new() { ["action"] = "status", ["uuid"] = job.Value, ["appid"] = job.Parts.ElementAtOrDefault(2), ["crawlid"] = job.Parts.ElementAtOrDefault(3), ["error"] = reason };

    /// <summary>Nothing pending or in flight, and quiet for CRAWL_COMPLETE_QUIET: a page being parsed cannot be missed.</summary>
    public static bool IsFinished(CrawlStatus status, DateTimeOffset now, RedisMonitorOptions options) =>
        status.Counts.Finished && status.LastActivity is { } last && now - last >= TimeSpan.FromSeconds(options.CrawlCompleteQuietSeconds);

    /// <summary>The status fields of an answer or notice.</summary>
    public static JsonObject Describe(CrawlStatus status, string spiderId, string appId, string crawlId, bool finished) => new()
    {
        ["appid"] = appId,
        ["spiderid"] = spiderId,
        ["crawlid"] = crawlId,
        ["pending"] = status.Counts.Pending,
        ["in_flight"] = status.Counts.InFlight,
        ["done"] = status.Counts.Done,
        ["failed"] = status.Counts.Failed,
        ["retried"] = status.Retried,
        ["first_activity"] = status.FirstActivity?.ToUnixTimeMilliseconds() / 1000.0,
        ["last_activity"] = status.LastActivity?.ToUnixTimeMilliseconds() / 1000.0,
        ["finished"] = finished,
    };
}
