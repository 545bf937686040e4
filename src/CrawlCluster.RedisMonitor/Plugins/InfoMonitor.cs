using System.Text.Json.Nodes;
using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Jobs;
using CrawlCluster.Core.Keys;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.RedisMonitor.Plugins;

/// <summary>
/// Info requests (<c>info:&lt;spiderid&gt;:&lt;appid&gt;[:&lt;crawlid&gt;]</c> = uuid) answered with what is queued per
/// domain, total, highest and lowest priority. The figures come from each crawl's backlog, kept by the frontier as
/// requests move, never from reading every queued member (the original's info took hours at a million requests).
/// </summary>
internal sealed class InfoMonitor(ICrawlLedger ledger, IJobBoard jobs, MonitorAnswers answers, ILogger<InfoMonitor> logger) : IRedisMonitorPlugin
{
    public string Name => "InfoMonitor";

    public string Pattern => "info:*:*";

    public async Task HandleAsync(MonitorJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        Log.Received(logger, "info", job.Key);
        var (spiderId, appId) = (job.Parts[1], job.Parts[2]);
        var answer = new JsonObject
        {
            ["uuid"] = job.Value,
            ["server_time"] = answers.ServerTime,
            ["appid"] = appId,
            ["spiderid"] = spiderId,
        };
        if (job.Parts.Count >= 4)
        {
            var crawlId = string.Join(':', job.Parts.Skip(3));
            var backlog = await ledger.BacklogAsync(spiderId, new CrawlIdentity(appId, crawlId), cancellationToken).ConfigureAwait(false);
            answer["crawlid"] = crawlId;
            answer["total_pending"] = backlog.Values.Sum(d => d.Total);
            answer["total_domains"] = backlog.Count;
            answer["domains"] = Domains(backlog);
            if (await jobs.ReadAsync(RedisKeys.Timeout(spiderId, appId, crawlId), cancellationToken).ConfigureAwait(false) is { } expires)
            {
                answer["expires"] = expires;
            }
        }
        else
        {
            var crawls = new JsonObject();
            var allDomains = new HashSet<string>(StringComparer.Ordinal);
            long pending = 0;
            foreach (var crawlId in await ledger.CrawlIdsAsync(spiderId, appId, cancellationToken).ConfigureAwait(false))
            {
                var backlog = await ledger.BacklogAsync(spiderId, new CrawlIdentity(appId, crawlId), cancellationToken).ConfigureAwait(false);
                var total = backlog.Values.Sum(d => d.Total);
                if (total == 0)
                {
                    continue;
                }

                allDomains.UnionWith(backlog.Keys);
                pending += total;
                var crawl = new JsonObject { ["total"] = total, ["distinct_domains"] = backlog.Count, ["domains"] = Domains(backlog) };
                if (await jobs.ReadAsync(RedisKeys.Timeout(spiderId, appId, crawlId), cancellationToken).ConfigureAwait(false) is { } expires)
                {
                    crawl["expires"] = expires;
                }

                crawls[crawlId] = crawl;
            }

            answer["total_pending"] = pending;
            answer["total_domains"] = allDomains.Count;
            answer["total_crawlids"] = crawls.Count;
            answer["crawlids"] = crawls;
        }

        Log.Sent(logger, "info", await answers.PublishAsync(appId, answer, cancellationToken).ConfigureAwait(false));
    }

    public JsonObject? ErrorAnswer(MonitorJob job, string reason) =>
        new() { ["uuid"] = job.Value, ["appid"] = job.Parts.ElementAtOrDefault(2), ["spiderid"] = job.Parts.ElementAtOrDefault(1), ["error"] = reason };

    private static JsonObject Domains(IReadOnlyDictionary<string, DomainBacklog> backlog)
    {
        var domains = new JsonObject();
        foreach (var (domain, queued) in backlog)
        {
            domains[domain] = new JsonObject { ["total"] = queued.Total, ["high_priority"] = queued.HighPriority, ["low_priority"] = queued.LowPriority };
        }

        return domains;
    }
}
