using System.Globalization;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Frontier;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.RedisMonitor.Plugins;

/// <summary>
/// Crawl expiry (<c>timeout:&lt;spiderid&gt;:&lt;appid&gt;:&lt;crawlid&gt;</c> = epoch seconds): once the time has
/// passed, the crawl is stopped and purged as by a stop request, and an <c>expired</c> notice is published.
/// </summary>
internal sealed class ExpireMonitor(ICrawlBlacklist blacklist, ICrawlLedger ledger, MonitorAnswers answers, ILogger<ExpireMonitor> logger) : IRedisMonitorPlugin
{
    public string Name => "ExpireMonitor";

    public string Pattern => "timeout:*:*:*";

    public bool IsReady(MonitorJob job, DateTimeOffset now) =>
        double.TryParse(job.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var expires) && now.ToUnixTimeMilliseconds() / 1000.0 > expires;

    public async Task HandleAsync(MonitorJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        Log.Received(logger, "expire", job.Key);
        var (spiderId, appId, crawlId) = (job.Parts[1], job.Parts[2], string.Join(':', job.Parts.Skip(3)));
        var purged = await StopMonitor.StopAndPurgeAsync(blacklist, ledger, spiderId, new CrawlIdentity(appId, crawlId), cancellationToken).ConfigureAwait(false);
        var notice = new JsonObject
        {
            ["server_time"] = answers.ServerTime,
            ["crawlid"] = crawlId,
            ["spiderid"] = spiderId,
            ["appid"] = appId,
            ["total_expired"] = purged,
            ["action"] = "expired",
        };
        Log.Sent(logger, "expired", await answers.PublishAsync(appId, notice, cancellationToken).ConfigureAwait(false));
    }
}
