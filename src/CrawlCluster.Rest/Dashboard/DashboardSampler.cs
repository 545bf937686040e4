using System.Text.Json.Nodes;
using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Metrics;
using CrawlCluster.Core.Signals;
using CrawlCluster.Core.Stats;
using CrawlCluster.Core.Store;
using CrawlCluster.Rest.Gateway;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Rest.Dashboard;

/// <summary>
/// Samples the cluster for the dashboard every <see cref="Interval"/>: the crawls and their counts (always: a few
/// store reads per running crawl, which also feed the frontier-depth gauge and the rate history), and, only while
/// someone watches, the busiest domains, the process heartbeats and the recent failures — the heartbeats are found by
/// a key scan, which is not something to do every two seconds for nobody.
/// </summary>
internal sealed class DashboardSampler(ICrawlLedger ledger, IDomainConfigStore domains, IStatsStore stats, IFailureLog failures, OriginalApi node,
    TimeProvider time, ILogger<DashboardSampler> logger) : BackgroundService
{
    /// <summary>How often the cluster is sampled.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private const int HistoryLength = 150;
    private const int CrawlsShown = 50;
    private const int DomainsShown = 10;
    private const int FailuresShown = 20;
    private static readonly TimeSpan KeptAfterFinish = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan ProcessesEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProcessesKeptAfterGone = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan WatchedFor = TimeSpan.FromSeconds(30);

    private readonly Dictionary<(string Spider, CrawlIdentity Crawl), TrackedCrawl> _crawls = [];
    private readonly Dictionary<string, TrackedProcess> _processes = new(StringComparer.Ordinal);
    private readonly Queue<(double Pages, double Queued)> _history = new();
    private readonly ChangeSignal _sampled = new();
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _processesRead = DateTimeOffset.MinValue;
    private DateTimeOffset _lastWatched = DateTimeOffset.MinValue;
    private DateTimeOffset? _lastSample;
    private int _watchers;
    private string _snapshot = "{}";

    /// <summary>The last snapshot, as JSON.</summary>
    public string Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Completes once the first snapshot is taken (right after the gateway starts).</summary>
    public Task FirstSnapshot => _first.Task;

    /// <summary>Completes when the next snapshot is taken.</summary>
    public Task NextSnapshot => _sampled.Next;

    /// <summary>Notes a viewer; dispose to end it. While one watches, the expensive sections are read too.</summary>
    public IDisposable Watch()
    {
        Interlocked.Increment(ref _watchers);
        Touch();
        return new Watcher(this);
    }

    /// <summary>Notes a one-off read of the snapshot: the expensive sections are read for a while after.</summary>
    public void Touch() => _lastWatched = time.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (StoreException ex)
            {
                // The page shows the store as disconnected (node health); the next tick tries again.
                Log.DashboardStoreFailed(logger, ex.Message);
                var failed = JsonNode.Parse(Snapshot) as JsonObject ?? [];
                failed["node"] = await node.StatusAsync(stoppingToken).ConfigureAwait(false);
                failed["error"] = "The store cannot be reached: " + ex.Message;
                Publish(failed);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var elapsed = _lastSample is { } last ? Math.Max((now - last).TotalSeconds, 0.001) : 0;
        _lastSample = now;
        foreach (var (spider, crawl) in await ledger.ActiveCrawlsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!_crawls.ContainsKey((spider, crawl)))
            {
                _crawls[(spider, crawl)] = new TrackedCrawl();
            }

            _crawls[(spider, crawl)].LastActive = now;
        }

        foreach (var stale in _crawls.Where(c => now - c.Value.LastActive > KeptAfterFinish).Select(c => c.Key).ToList())
        {
            _crawls.Remove(stale);
        }

        double pagesPerSecond = 0, queuedPerSecond = 0;
        long pending = 0, inFlight = 0;
        var crawls = new List<(JsonObject Json, bool Running, DateTimeOffset? LastActivity)>();
        foreach (var ((spider, crawl), tracked) in _crawls)
        {
            var status = await ledger.StatusAsync(spider, crawl, cancellationToken).ConfigureAwait(false);
            var counts = status.Counts;
            var (ended, total) = (counts.Done + counts.Failed, counts.Pending + counts.InFlight + counts.Done + counts.Failed);
            var rate = tracked.Ended is { } before && elapsed > 0 ? Math.Max(0, ended - before) / elapsed : 0;
            var queued = tracked.Total is { } totalBefore && elapsed > 0 ? Math.Max(0, total - totalBefore) / elapsed : 0;
            (tracked.Ended, tracked.Total) = (ended, total);
            (pagesPerSecond, queuedPerSecond, pending, inFlight) = (pagesPerSecond + rate, queuedPerSecond + queued, pending + counts.Pending, inFlight + counts.InFlight);
            var json = ApiV1.StatusJson(crawl.AppId, crawl.CrawlId, spider, status);
            json["pages_per_sec"] = Math.Round(rate, 1);
            crawls.Add((json, !counts.Finished || ended == 0, status.LastActivity));
        }

        ClusterMetrics.RecordFrontier(pending, inFlight);
        if (elapsed > 0)
        {
            _history.Enqueue((Math.Round(pagesPerSecond, 1), Math.Round(queuedPerSecond, 1)));
            while (_history.Count > HistoryLength)
            {
                _history.Dequeue();
            }
        }

        var snapshot = new JsonObject
        {
            ["time"] = now.ToUnixTimeMilliseconds() / 1000.0,
            ["interval"] = Interval.TotalSeconds,
            ["node"] = await node.StatusAsync(cancellationToken).ConfigureAwait(false),
            ["totals"] = new JsonObject
            {
                ["pending"] = pending,
                ["in_flight"] = inFlight,
                ["pages_per_sec"] = Math.Round(pagesPerSecond, 1),
                ["queued_per_sec"] = Math.Round(queuedPerSecond, 1),
            },
            ["crawls"] = new JsonArray([.. crawls.OrderByDescending(c => c.Running).ThenByDescending(c => c.LastActivity).Take(CrawlsShown).Select(c => (JsonNode)c.Json)]),
            ["rates"] = new JsonObject
            {
                ["pages"] = new JsonArray([.. _history.Select(h => (JsonNode)h.Pages)]),
                ["queued"] = new JsonArray([.. _history.Select(h => (JsonNode)h.Queued)]),
            },
        };
        if (Volatile.Read(ref _watchers) > 0 || now - _lastWatched < WatchedFor)
        {
            snapshot["domains"] = await BusiestDomainsAsync(cancellationToken).ConfigureAwait(false);
            snapshot["processes"] = await ProcessesAsync(now, cancellationToken).ConfigureAwait(false);
            snapshot["failures"] = new JsonArray([.. (await failures.RecentAsync(FailuresShown, cancellationToken).ConfigureAwait(false)).Select(f => (JsonNode)new JsonObject
            {
                ["url"] = f.Url,
                ["reason"] = f.Reason,
                ["appid"] = f.AppId,
                ["crawlid"] = f.CrawlId,
                ["spiderid"] = f.SpiderId,
                ["at"] = f.At.ToUnixTimeMilliseconds() / 1000.0,
            })]);
        }

        Publish(snapshot);
    }

    /// <summary>The domains with the most queued requests over the running crawls, with their throttle and blacklist state.</summary>
    private async Task<JsonArray> BusiestDomainsAsync(CancellationToken cancellationToken)
    {
        var backlog = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((spider, crawl), _) in _crawls)
        {
            foreach (var (domain, entry) in await ledger.BacklogAsync(spider, crawl, cancellationToken).ConfigureAwait(false))
            {
                backlog[domain] = backlog.GetValueOrDefault(domain) + entry.Total;
            }
        }

        ClusterDomainConfig config;
        try
        {
            (config, _) = await domains.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException)
        {
            config = ClusterDomainConfig.Empty;
        }

        return new JsonArray([.. backlog.Where(b => b.Value > 0).OrderByDescending(b => b.Value).ThenBy(b => b.Key, StringComparer.Ordinal).Take(DomainsShown)
            .Select(b => (JsonNode)new JsonObject
            {
                ["domain"] = b.Key,
                ["backlog"] = b.Value,
                ["throttle"] = config.Domains.TryGetValue(b.Key, out var throttle)
                    ? new JsonObject { ["window"] = throttle.Window, ["hits"] = throttle.Hits, ["scale"] = throttle.Scale }
                    : null,
                ["blacklisted"] = config.Blacklist.Contains(b.Key, StringComparer.Ordinal),
            })]);
    }

    /// <summary>
    /// The processes whose heartbeat keys exist (alive), and those whose key expired in the last minutes (gone), with when
    /// this gateway last saw them. Read every <see cref="ProcessesEvery"/>.
    /// </summary>
    private async Task<JsonArray> ProcessesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now - _processesRead >= ProcessesEvery)
        {
            _processesRead = now;
            var alive = new HashSet<string>(StringComparer.Ordinal);
            // One scan for both kinds of heartbeat: stats:<component>:self:<host>:<id>, and the crawlers'
            // stats:crawler:<host>:<spider>:<id> (their counters have six parts, the other components' four).
            foreach (var key in await stats.KeysAsync("stats:*", cancellationToken).ConfigureAwait(false))
            {
                var parts = key.Split(':');
                if (parts.Length != 5)
                {
                    continue;
                }

                if (parts[2] == "self")
                {
                    See(key, parts[1], parts[3], parts[4], spider: null);
                }
                else if (parts[1] == "crawler")
                {
                    See(key, "crawler", parts[2], parts[4], parts[3]);
                }
            }

            foreach (var (key, process) in _processes)
            {
                process.Alive = alive.Contains(key);
            }

            foreach (var gone in _processes.Where(p => !p.Value.Alive && now - p.Value.LastSeen > ProcessesKeptAfterGone).Select(p => p.Key).ToList())
            {
                _processes.Remove(gone);
            }

            void See(string key, string component, string host, string id, string? spider)
            {
                alive.Add(key);
                if (!_processes.TryGetValue(key, out var process))
                {
                    _processes[key] = process = new TrackedProcess(component, host, id, spider);
                }

                process.LastSeen = now;
            }
        }

        return new JsonArray([.. _processes.Values.OrderBy(p => p.Component, StringComparer.Ordinal).ThenBy(p => p.Host, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => (JsonNode)new JsonObject
            {
                ["component"] = p.Component,
                ["host"] = p.Host,
                ["id"] = p.Id,
                ["spiderid"] = p.Spider,
                ["alive"] = p.Alive,
                ["last_seen"] = p.LastSeen.ToUnixTimeMilliseconds() / 1000.0,
            })]);
    }

    private void Publish(JsonObject snapshot)
    {
        Volatile.Write(ref _snapshot, snapshot.ToJsonString());
        _first.TrySetResult();
        _sampled.Notify();
    }

    private sealed class TrackedCrawl
    {
        public DateTimeOffset LastActive { get; set; }

        public long? Ended { get; set; }

        public long? Total { get; set; }
    }

    private sealed class TrackedProcess(string component, string host, string id, string? spider)
    {
        public string Component => component;

        public string Host => host;

        public string Id => id;

        public string? Spider => spider;

        public bool Alive { get; set; } = true;

        public DateTimeOffset LastSeen { get; set; }
    }

    private sealed class Watcher(DashboardSampler sampler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref sampler._watchers);
                sampler.Touch();
            }
        }
    }
}
