using System.Diagnostics;

namespace CrawlCluster.TestSupport.Faults;

/// <summary>
/// Runs a <see cref="FaultScenario"/> on a fresh <see cref="FaultCluster"/> and counts what came out. Shared by the
/// <c>Kind=Fault</c> tests (2,000 pages) and <c>harness faults</c> (10,000 pages).
/// </summary>
public static class FaultSuite
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>A crawler's lease: 4 × DOWNLOAD_TIMEOUT + 10 s.</summary>
    public static TimeSpan LeaseTime => TimeSpan.FromSeconds((FaultCluster.DownloadTimeoutSeconds * 4) + 10);

    /// <summary>Every scenario, in the order the table lists them.</summary>
    public static IReadOnlyList<FaultScenario> Scenarios { get; } =
    [
        new("baseline", "no fault", _ => Task.CompletedTask),
        new("kill-crawler", "SIGKILL one of the two crawlers at a quarter of the pages, start it again", async run =>
        {
            await run.PagesPublishedAsync(run.Pages / 4);
            await run.Cluster.Crawlers[0].RestartAsync(Patience);
            run.Ended();
        }),
        new("kill-kafka-monitor", "one request per page on the incoming topic; SIGKILL the Kafka Monitor while it ingests them, start it again", async run =>
        {
            var feeding = run.Cluster.FeedEachPageAsync(run.CrawlId, Enumerable.Range(0, run.Pages));
            long inStore;
            do
            {
                await Task.Delay(10);
                var counts = (await run.Cluster.CrawlStatusAsync(run.CrawlId)).Counts;
                inStore = counts.Pending + counts.InFlight + counts.Done + counts.Failed;
            }
            while (inStore < run.Pages / 8);

            await run.Cluster.KafkaMonitor.KillAsync();
            run.Note($"kafka-monitor killed with {inStore:N0} of the {run.Pages:N0} requests in the store");
            await feeding;
            await run.Cluster.KafkaMonitor.StartAsync(Patience);
            run.Ended();
        }, FeedEachPage: true),
        new("kill-redis-monitor", "SIGKILL the Redis Monitor at a quarter, start it again", async run =>
        {
            await run.PagesPublishedAsync(run.Pages / 4);
            await run.Cluster.RedisMonitor.RestartAsync(Patience);
            run.Ended();
        }),
        new("kill-rest", "SIGKILL the gateway at a quarter, start it again, ask it for the crawl's status", async run =>
        {
            await run.PagesPublishedAsync(run.Pages / 4);
            await run.Cluster.Rest.RestartAsync(Patience);
            run.Ended();
            var answer = await run.Cluster.StatusAsync(run.CrawlId);
            var done = answer?["data"]?["done"] ?? throw new InvalidOperationException($"the restarted gateway gave no status: {answer?.ToJsonString()}");
            run.Note($"the restarted gateway answered a status request: {done} pages done");
        }),
        new("kill-sink", "SIGKILL the sink once it stored a quarter of the pages (mid-batch), start it again", async run =>
        {
            run.RecoveryInDatabase = true;
            await run.RowsStoredAsync(run.Pages / 4);
            await run.Cluster.Sink.RestartAsync(Patience);
            run.Ended();
        }),
        new("redis-shutdown-aof-everysec", "SHUTDOWN redis-server at a quarter (AOF, fsync every second), start it again 5 s later", async run =>
        {
            await run.PagesPublishedAsync(run.Pages / 4);
            await run.Cluster.Redis.ShutdownAsync();
            await Task.Delay(TimeSpan.FromSeconds(5));
            await run.Cluster.Redis.RestartAsync();
            run.Ended();
        }, AppendFsync: "everysec"),
        new("redis-kill-aof-always", "SIGKILL redis-server at a quarter (AOF, fsync always), start it again 5 s later", async run =>
        {
            await run.PagesPublishedAsync(run.Pages / 4);
            run.Cluster.Redis.Stop();
            await Task.Delay(TimeSpan.FromSeconds(5));
            await run.Cluster.Redis.RestartAsync();
            run.Ended();
        }, AppendFsync: "always"),
        new("redis-kill-no-aof", "SIGKILL redis-server at a quarter with no persistence: it comes back empty", async run =>
        {
            await run.PagesPublishedAsync(run.Pages / 4);
            run.Cluster.Redis.Stop();
            await Task.Delay(TimeSpan.FromSeconds(5));
            await run.Cluster.Redis.RestartAsync();
            run.Ended();
        }, LossFree: false),
        new("redis-connections-reset", "reset every connection to redis-server at a quarter, three times a second apart", async run =>
        {
            await run.PagesPublishedAsync(run.Pages / 4);
            var dropped = 0;
            for (var i = 0; i < 3; i++)
            {
                dropped += run.Cluster.RedisProxy.DropAll();
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            run.Note($"{dropped} connections reset");
            run.Ended();
        }),
        new("redis-stalled", "stall every connection to redis-server for 5 s at a quarter (nothing flows, nothing closes)", async run =>
        {
            await run.PagesPublishedAsync(run.Pages / 4);
            run.Cluster.RedisProxy.Stall();
            await Task.Delay(TimeSpan.FromSeconds(5));
            run.Cluster.RedisProxy.Resume();
            run.Ended();
        }),
        new("postgres-stop-30s", "stop PostgreSQL for 30 s once the sink stored a quarter of the pages", async run =>
        {
            run.RecoveryInDatabase = true;
            await run.RowsStoredAsync(run.Pages / 4);
            await run.Cluster.Postgres.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(30));
            await run.Cluster.Postgres.StartAgainAsync();
            run.Ended();
        }),
        new("postgres-slow", "every chunk to and from PostgreSQL delayed 50 ms for the whole crawl", run =>
        {
            run.Cluster.PostgresProxy.Delay = TimeSpan.FromMilliseconds(50);
            return Task.CompletedTask;
        }),
        new("site-hangs-and-resets", "every 50th page hangs the first time it is asked for, and every 50th other page resets mid-body", run =>
        {
            run.Cluster.Site.HangOnce(page => page % 50 == 7);
            run.Cluster.Site.ResetOnce(page => page % 50 == 13);
            return Task.CompletedTask;
        }),
        new("site-5xx-storm", "the site answers 503 to everything for 3 s at a quarter", async run =>
        {
            await run.PagesPublishedAsync(run.Pages / 4);
            run.Cluster.Site.Storm = true;
            await Task.Delay(TimeSpan.FromSeconds(3));
            run.Cluster.Site.Storm = false;
            run.Ended();
        }),
        new("site-redirect-loop", "at a quarter, every 97th page turns into an endless redirect loop", async run =>
        {
            await run.PagesPublishedAsync(run.Pages / 4);
            run.Cluster.Site.RedirectLoop(page => page % 97 == 5);
            run.Ended();
        }),
        new("crawler-paused-past-lease", "SIGSTOP one crawler at a quarter for longer than its leases (lease + 2 s), then SIGCONT", async run =>
        {
            await run.PagesPublishedAsync(run.Pages / 4);
            run.Cluster.Crawlers[0].Pause();
            await Task.Delay(LeaseTime + TimeSpan.FromSeconds(2));
            run.Cluster.Crawlers[0].Resume();
            run.Ended();
        }),
    ];

    /// <summary>The scenario named <paramref name="name"/>.</summary>
    public static FaultScenario Named(string name) => Scenarios.Single(s => s.Name == name);

    /// <summary>Runs <paramref name="scenario"/> on <paramref name="platform"/> (<c>redis</c> or <c>kafka</c>) over a site of <paramref name="pages"/> pages.</summary>
    public static async Task<ScenarioResult> RunAsync(FaultScenario scenario, string platform, int pages, PostgresServer postgres)
    {
        var clock = Stopwatch.StartNew();
        await using var site = FaultSite.Start(pages);
        var crawlId = $"{scenario.Name}-{platform}";
        await using var cluster = await FaultCluster.StartAsync(platform, scenario.AppendFsync, postgres, $"faults_{Guid.NewGuid():N}"[..20], site).ConfigureAwait(false);
        var run = new FaultRun(cluster, crawlId, pages);
        if (!scenario.FeedEachPage)
        {
            await cluster.FeedCrawlAsync(crawlId).ConfigureAwait(false);
        }

        await scenario.Inject(run).ConfigureAwait(false);
        var recovery = run.RecoveryInDatabase && run.FaultEnded is { } ended ? await NextRowAsync(run, ended).ConfigureAwait(false) : null;

        // Finished when the Redis Monitor says so; a store that forgot the crawl never will, so then: when nothing moves.
        var completed = await cluster.Outbound.WaitAsync(e => e.Any(n => n.Action == "crawl_complete" && n.CrawlId == crawlId),
            scenario.LossFree ? TimeSpan.FromMinutes(3) : TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (!completed)
        {
            var status = await cluster.CrawlStatusAsync(crawlId).ConfigureAwait(false);
            run.Note($"no crawl_complete; the store's counters: {status.Counts}, retried {status.Retried}, last activity {status.LastActivity:HH:mm:ss.fff}");
        }

        // Late copies (a paused crawler's) and the sink's last batches.
        await cluster.Pages.WaitQuietAsync(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        var published = cluster.Pages.Entries.Where(p => p.CrawlId == crawlId).ToList();
        var publishedPages = published.Select(p => p.Url is null ? null : FaultSite.PageOf(p.Url)).OfType<int>().ToHashSet();
        var rows = await WaitForRowsAsync(cluster, crawlId, publishedPages.Count, scenario.LossFree ? TimeSpan.FromMinutes(2) : TimeSpan.FromSeconds(10))
            .ConfigureAwait(false);

        // Given up: a "Not crawled" line, or a page published only with an error status (retries spent on a 5xx
        // answer publish it as it is, as the original does): reported, not lost, and its links were never seen.
        var givenUp = cluster.GivenUp().Union(published
            .GroupBy(p => p.Url is null ? null : FaultSite.PageOf(p.Url))
            .Where(g => g.Key is not null && g.All(p => p.StatusCode >= 400))
            .Select(g => g.Key!.Value)).ToHashSet();
        var expected = scenario.FeedEachPage ? Enumerable.Range(0, pages).ToHashSet() : [.. site.Discoverable(givenUp)];
        var lost = expected.Count(page => !publishedPages.Contains(page) && !givenUp.Contains(page));
        if (!run.RecoveryInDatabase && run.FaultEnded is { } end && published.Where(p => p.At >= end).Select(p => p.At).DefaultIfEmpty().Min() is var next && next != default)
        {
            recovery = next - end;
        }

        foreach (var crashed in cluster.Processes.Where(p => p.Crashed))
        {
            run.Note($"{crashed.Name} exited ({crashed.Current.ExitCode}): {string.Join(" / ", crashed.Current.Output.Concat(crashed.Current.Error).TakeLast(3))}");
        }

        return new ScenarioResult(scenario.Name, platform, expected.Count, publishedPages.Count, published.Count - publishedPages.Count, givenUp.Count,
            rows.Rows, rows.Distinct, lost, recovery, run.FaultEnded is { } faultEnd && published.Count > 0 ? published.Max(p => p.At) - faultEnd : null, [.. cluster.Processes.Where(p => p.Crashed).Select(p => p.Name)], completed, clock.Elapsed, run.Notes);
    }

    private static async Task<TimeSpan?> NextRowAsync(FaultRun run, DateTimeOffset ended)
    {
        var before = (await run.Cluster.DatabaseRowsAsync(run.CrawlId).ConfigureAwait(false)).Rows;
        var deadline = ended + TimeSpan.FromMinutes(2);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if ((await run.Cluster.DatabaseRowsAsync(run.CrawlId).ConfigureAwait(false)).Rows > before)
            {
                return DateTimeOffset.UtcNow - ended;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        return null;
    }

    private static async Task<(long Rows, long Distinct)> WaitForRowsAsync(FaultCluster cluster, string crawlId, int distinct, TimeSpan patience)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        while (true)
        {
            var rows = await cluster.DatabaseRowsAsync(crawlId).ConfigureAwait(false);
            if (rows.Distinct >= distinct || DateTimeOffset.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }
}
