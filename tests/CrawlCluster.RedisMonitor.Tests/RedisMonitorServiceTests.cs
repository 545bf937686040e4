using System.Globalization;
using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.RedisMonitor.Jobs;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CrawlCluster.RedisMonitor.Tests;

/// <summary>The Redis Monitor's jobs and answers in the original's shapes, on every store.</summary>
public abstract class RedisMonitorConformance<TFixture>(TFixture redis) : IAsyncLifetime
    where TFixture : IStoreFixture
{
    private static readonly string ExamplePlugins = Path.Combine(AppContext.BaseDirectory, "example-plugins");

    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Info_ForACrawl_AnswersItsBacklogPerDomain_AndItsExpiry()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection);
        await monitor.QueueAsync("a.com", 1, priority: 5);
        await monitor.QueueAsync("a.com", 2, priority: -10);
        await monitor.QueueAsync("b.com", 1);
        await monitor.QueueAsync("b.com", 9, crawlId: "other");
        await monitor.PostAsync(RedisKeys.Timeout("link", "testapp", "c1"), "4102444800");

        await monitor.PostAsync("info:link:testapp:c1", "uuid-1");
        var answer = Assert.Single(await monitor.AnswersAsync(1));

        Assert.Equal("uuid-1", answer["uuid"]!.GetValue<string>());
        Assert.Equal(("testapp", "link", "c1"), (answer["appid"]!.GetValue<string>(), answer["spiderid"]!.GetValue<string>(), answer["crawlid"]!.GetValue<string>()));
        Assert.Equal(3, answer["total_pending"]!.GetValue<int>());
        Assert.Equal(2, answer["total_domains"]!.GetValue<int>());
        Assert.Equal("""{"total":2,"high_priority":5,"low_priority":-10}""", answer["domains"]!["a.com"]!.ToJsonString());
        Assert.Equal("4102444800", answer["expires"]!.GetValue<string>());
        Assert.InRange(answer["server_time"]!.GetValue<long>(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Fact]
    public async Task Info_ForAnApp_AnswersEachCrawl()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection);
        await monitor.QueueAsync("a.com", 1);
        await monitor.QueueAsync("b.com", 1, crawlId: "c2");
        await monitor.QueueAsync("c.com", 2, crawlId: "c2");

        await monitor.PostAsync("info:link:testapp", "uuid-2");
        var answer = Assert.Single(await monitor.AnswersAsync(1));

        Assert.Equal((3, 3, 2), (answer["total_pending"]!.GetValue<int>(), answer["total_domains"]!.GetValue<int>(), answer["total_crawlids"]!.GetValue<int>()));
        Assert.Equal(2, answer["crawlids"]!["c2"]!["total"]!.GetValue<int>());
        Assert.Equal(2, answer["crawlids"]!["c2"]!["distinct_domains"]!.GetValue<int>());
        Assert.Null(answer["crawlid"]);
    }

    [Fact]
    public async Task Info_CountsRequestsTheOriginalQueuedStraightIntoAQueue_OnceAdopted()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection);
        await monitor.QueueAsync("a.com", 1, priority: 5);
        var db = redis.Connection.GetDatabase();
        await db.SortedSetAddAsync(RedisKeys.Queue("link", "a.com"), """{"url":"http:\/\/a.com\/2","appid":"testapp","crawlid":"c1","spiderid":"link","priority":9}""", -9);
        await db.SortedSetAddAsync(RedisKeys.Queue("link", "b.com"), """{"url":"http:\/\/b.com\/1","appid":"testapp","crawlid":"c1","spiderid":"link","priority":1}""", -1);

        await monitor.PostAsync("info:link:testapp:c1", "before");
        Assert.Equal(1, Assert.Single(await monitor.AnswersAsync(1))["total_pending"]!.GetValue<int>());
        Assert.Equal(new FrontierAdoption(1, 2), await monitor.Frontier.AdoptForeignQueuesAsync());
        await monitor.PostAsync("info:link:testapp:c1", "after");
        var answer = Assert.Single(await monitor.AnswersAsync(1));

        Assert.Equal(("after", 3, 2), (answer["uuid"]!.GetValue<string>(), answer["total_pending"]!.GetValue<int>(), answer["total_domains"]!.GetValue<int>()));
        Assert.Equal("""{"total":2,"high_priority":9,"low_priority":5}""", answer["domains"]!["a.com"]!.ToJsonString());
    }

    [Fact]
    public async Task Stop_BlacklistsAndPurgesTheCrawl_OnlyIt_AndAnswersHowMany()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection);
        for (var i = 0; i < 30; i++)
        {
            await monitor.QueueAsync($"d{i % 3}.com", i);
        }

        await monitor.QueueAsync("d0.com", 100, crawlId: "kept");
        await monitor.PostAsync("stop:link:testapp:c1", "uuid-3");
        var answer = Assert.Single(await monitor.AnswersAsync(1));

        Assert.Equal("""{"action":"stop","spiderid":"link","appid":"testapp","crawlid":"c1","total_purged":30,"uuid":"uuid-3","server_time":""" + answer["server_time"]!.ToJsonString() + "}",
            answer.ToJsonString());
        Assert.True(await redis.Connection.GetDatabase().SetContainsAsync(RedisKeys.CrawlBlacklist("link"), "testapp||c1"));
        Assert.Equal(new CrawlCounts(0, 0, 0, 0), await monitor.Frontier.CountsAsync(new CrawlIdentity("testapp", "c1")));
        Assert.Equal(1, (await monitor.Frontier.CountsAsync(new CrawlIdentity("testapp", "kept"))).Pending);
    }

    [Fact]
    public async Task Expire_OnceItsTimePassed_PurgesAndPublishesTheNotice_WithoutUuid()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection);
        await monitor.QueueAsync("a.com", 1);
        await monitor.QueueAsync("a.com", 2);
        var past = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1).ToString(CultureInfo.InvariantCulture);
        await monitor.PostAsync(RedisKeys.Timeout("link", "testapp", "later"), "4102444800");

        var ended = monitor.Monitors[0].JobEnded.Next;
        await monitor.PostAsync(RedisKeys.Timeout("link", "testapp", "c1"), past);
        var notice = Assert.Single(await monitor.AnswersAsync(1));
        await ended.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(("expired", "c1", 2), (notice["action"]!.GetValue<string>(), notice["crawlid"]!.GetValue<string>(), notice["total_expired"]!.GetValue<int>()));
        Assert.Null(notice["uuid"]);
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync(RedisKeys.Timeout("link", "testapp", "c1")));
        Assert.True(await redis.Connection.GetDatabase().KeyExistsAsync(RedisKeys.Timeout("link", "testapp", "later")));
    }

    [Fact]
    public async Task DomainUpdate_ChangesTheClusterConfiguration_AndAnswersAsTheOriginal()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection);

        await monitor.PostAsync("zk:domain-update:dmoz.org:madisonTest", """{"domain":"dmoz.org","uuid":"abc123","hits":60,"scale":0.9,"window":60}""");
        var answer = Assert.Single(await monitor.AnswersAsync(1));
        await monitor.PostAsync("zk:blacklist-update:bad.com:madisonTest", """{"domain":"bad.com","uuid":"abc124"}""");
        await monitor.AnswersAsync(1);

        Assert.Equal(("domain-update", "dmoz.org", "abc123", "madisonTest"),
            (answer["action"]!.GetValue<string>(), answer["domain"]!.GetValue<string>(), answer["uuid"]!.GetValue<string>(), answer["appid"]!.GetValue<string>()));
        var (config, _) = await StorePorts.For(redis.Connection).GetRequiredService<IDomainConfigStore>().ReadAsync(CancellationToken.None);
        Assert.Equal(new DomainThrottle(60, 60, 0.9), config.Domains["dmoz.org"]);
        Assert.Contains("bad.com", config.Blacklist);
    }

    [Fact]
    public async Task FinishedCrawl_IsAnnouncedCompleteExactlyOnce_AndItsStatusSaysSo()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection, monitors: 2, options: new RedisMonitorOptions { CrawlCompleteQuietSeconds = 0 });
        var frontier = monitor.Frontier;
        await monitor.QueueAsync("a.com", 1);
        await monitor.QueueAsync("b.com", 2);
        var first = await frontier.TryLeaseAsync();
        var second = await frontier.TryLeaseAsync();
        await frontier.AckAsync(first!, LeaseOutcome.Done);

        await monitor.PostAsync("status:link:testapp:c1", "uuid-s1");
        var running = Assert.Single(await monitor.AnswersAsync(1));
        await frontier.AckAsync(second!, LeaseOutcome.Failed);
        var complete = Assert.Single(await monitor.AnswersAsync(1));
        await monitor.PostAsync("status:link:testapp:c1", "uuid-s2");
        var finished = Assert.Single(await monitor.AnswersAsync(1));

        Assert.Equal(("status", false, 1, 1), (running["action"]!.GetValue<string>(), running["finished"]!.GetValue<bool>(),
            running["in_flight"]!.GetValue<int>(), running["done"]!.GetValue<int>()));
        Assert.Equal(("crawl_complete", "c1", 1, 1), (complete["action"]!.GetValue<string>(), complete["crawlid"]!.GetValue<string>(),
            complete["pages"]!.GetValue<int>(), complete["failed"]!.GetValue<int>()));
        Assert.Equal(("uuid-s2", true, 0), (finished["uuid"]!.GetValue<string>(), finished["finished"]!.GetValue<bool>(), finished["pending"]!.GetValue<int>()));
        Assert.True(finished["last_activity"]!.GetValue<double>() >= finished["first_activity"]!.GetValue<double>());
        Assert.Empty(await StorePorts.For(redis.Connection).GetRequiredService<ICrawlLedger>().ActiveCrawlsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Stats_Queue_AndCrawler_InTheOriginalsShapes_WithItsQueueKeyQuirk()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection);
        await monitor.QueueAsync("a.com", 1);
        await monitor.QueueAsync("a.com", 2);
        await monitor.QueueAsync("b.com", 1);

        await monitor.PostAsync("statsrequest:queue:testapp", "uuid-q");
        var queue = Assert.Single(await monitor.AnswersAsync(1));
        await monitor.PostAsync("statsrequest:crawler:testapp", "uuid-c");
        var crawler = Assert.Single(await monitor.AnswersAsync(1));

        Assert.Equal(3, queue["queues"]!["total_backlog"]!.GetValue<int>());
        Assert.Equal("""{"spider_backlog":3,"num_domains":2,"domains":[{"domain":"a.com","backlog":2},{"domain":"b.com","backlog":1}]}""",
            queue["queues"]!["queue_link"]!.ToJsonString());
        Assert.Equal(("queue", "testapp", "uuid-q"), (queue["stats"]!.GetValue<string>(), queue["appid"]!.GetValue<string>(), queue["uuid"]!.GetValue<string>()));
        Assert.NotNull(crawler["queue"]);
        Assert.Null(crawler["queues"]);
        Assert.NotNull(crawler["spiders"]!["unique_spider_count"]);
        Assert.NotNull(crawler["machines"]!["count"]);
    }

    [Fact]
    public async Task Stats_RedisMonitor_CountsItsOwnJobs_AndNamesItsNode()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection);
        await monitor.PostAsync("info:link:testapp", "first");
        await monitor.AnswersAsync(1);
        await WaitUntilAsync(async () => (await StorePorts.For(redis.Connection).GetRequiredService<Core.Stats.IStatsStore>().KeysAsync("stats:redis-monitor:InfoMonitor:*", CancellationToken.None)).Count > 0);

        await monitor.PostAsync("statsrequest:redis-monitor:testapp", "uuid-r");
        var answer = Assert.Single(await monitor.AnswersAsync(1));

        Assert.True(answer["total"]!["lifetime"]!.GetValue<long>() >= 1);
        Assert.True(answer["plugins"]!["InfoMonitor"]!["900"]!.GetValue<long>() >= 1);
        Assert.Single(answer["nodes"]!.AsObject());
        Assert.Null(answer["fail"]);
    }

    [Fact]
    public async Task StatsDump_LogsTheMonitorsCounters_TheCrawlers_AndEachSpidersBacklog()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection, stats: new Core.Stats.StatsOptions { DumpSeconds = 1 });
        await monitor.QueueAsync("a.com", 1);
        await monitor.QueueAsync("a.com", 2);
        await monitor.QueueAsync("b.com", 1);
        await monitor.PostAsync("info:link:testapp", "first");
        await monitor.AnswersAsync(1);

        // A dump whose figures changed is written again at the next period: the backlog of three arrives within seconds.
        await monitor.Logger.WaitForAsync("\"total_backlog\": 3", TimeSpan.FromSeconds(30));
        var queue = monitor.Logger.Entries.Last(e => e.Message.Contains("\"total_backlog\": 3", StringComparison.Ordinal)).Message;
        Assert.StartsWith("Queue Stats Dump:", queue, StringComparison.Ordinal);
        Assert.Contains("\"spider_backlog\": 3", queue, StringComparison.Ordinal);
        Assert.Contains("\"num_domains\": 2", queue, StringComparison.Ordinal);
        Assert.DoesNotContain("\"domains\"", queue, StringComparison.Ordinal);
        await monitor.Logger.WaitForAsync("\"plugin_InfoMonitor_lifetime\": 1", TimeSpan.FromSeconds(30));
        Assert.Contains(monitor.Logger.Entries, e => e.Message.StartsWith("Redis Monitor Stats Dump:", StringComparison.Ordinal) && e.Message.Contains("\"total_lifetime\"", StringComparison.Ordinal));
        Assert.Contains(monitor.Logger.Entries, e => e.Message.StartsWith("Crawler Stats Dump:", StringComparison.Ordinal) && e.Message.Contains("\"total_spider_count\": 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StatsDump_WithTheCrawlAndQueueDumpsOff_LogsOnlyTheMonitor()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection, options: new RedisMonitorOptions { StatsDumpCrawl = false, StatsDumpQueue = false },
            stats: new Core.Stats.StatsOptions { DumpSeconds = 1 });
        await monitor.PostAsync("info:link:testapp", "first");
        await monitor.AnswersAsync(1);

        await monitor.Logger.WaitForAsync("\"plugin_InfoMonitor_lifetime\": 1", TimeSpan.FromSeconds(30));

        Assert.DoesNotContain(monitor.Logger.Entries, e => e.Message.StartsWith("Queue Stats Dump:", StringComparison.Ordinal) || e.Message.StartsWith("Crawler Stats Dump:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExamplePlugin_FromPLUGIN_DIR_AnswersItsJobs_InItsRank()
    {
        var options = new RedisMonitorOptions { PluginDirectory = ExamplePlugins };
        options.Plugins["MyStringMonitor"] = 600;
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection, options: options);

        var ended = monitor.Monitors[0].JobEnded.Next;
        await monitor.PostAsync("mystring:abc", "hello");
        var answer = Assert.Single(await monitor.AnswersAsync(1));
        // The job is deleted once the plugin returns, just after its answer went out.
        await ended.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(("abc", "HELLO"), (answer["uuid"]!.GetValue<string>(), answer["my_string"]!.GetValue<string>()));
        Assert.Contains(monitor.Logger.Entries, e => e.Message.Contains("MyStringMonitor (600)", StringComparison.Ordinal));
        Assert.Empty(await monitor.Jobs.PendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PluginInPLUGIN_DIR_WithoutARank_IsNotLoaded_AndSaysSo()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection, options: new RedisMonitorOptions { PluginDirectory = ExamplePlugins });

        Assert.Contains(monitor.Logger.Entries, e => e.Message.Contains("Plugin MyStringMonitor found in", StringComparison.Ordinal) && e.Message.Contains("no rank", StringComparison.Ordinal));
        Assert.DoesNotContain(monitor.Logger.Entries, e => e.Message.Contains("MyStringMonitor (", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PLUGINS_NamingAPluginThatDoesNotExist_StopsTheStartWithAClearError()
    {
        var options = new RedisMonitorOptions { PluginDirectory = ExamplePlugins };
        options.Plugins["NoSuchMonitor"] = 700;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => MonitorHarness.StartAsync(redis.Connection, options: options));

        Assert.StartsWith("PLUGINS names NoSuchMonitor, but no such Redis Monitor plugin is built in or in PLUGIN_DIR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoMonitors_ShareTheJobs_EachAnsweredOnce()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection, monitors: 2);

        for (var i = 0; i < 100; i++)
        {
            await monitor.PostAsync($"info:link:app{i}", $"uuid-{i}");
        }

        var answers = await monitor.AnswersAsync(100);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            // A job is counted just after its answer is published: wait for the last count, on the monitors' signals.
            var ended = Task.WhenAny(monitor.Monitors.Select(m => m.JobEnded.Next));
            if (monitor.Monitors.Sum(m => m.Handled) >= 100)
            {
                break;
            }

            await ended.WaitAsync(deadline.Token);
        }

        Assert.Equal(100, answers.Select(a => a["uuid"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(100, monitor.Monitors.Sum(m => m.Handled));
        Assert.All(monitor.Monitors, m => Assert.True(m.Handled > 0, "both monitors took jobs"));
        Assert.Empty(await monitor.Jobs.PendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task FailingJob_IsRetried_ThenAnsweredWithTheError_AndRemoved()
    {
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection, options: new RedisMonitorOptions { RetryFailuresMax = 2 });

        var ended = monitor.Monitors[0].JobEnded.Next;
        await monitor.PostAsync("zk:domain-update:x.com:app", """{"domain":"x.com","uuid":"u-bad"}""");
        var answer = Assert.Single(await monitor.AnswersAsync(1));
        // The job is removed once the error answer is out.
        await ended.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("u-bad", answer["uuid"]!.GetValue<string>());
        Assert.Contains("'window' is missing", answer["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, monitor.Monitors[0].Failed);
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync("zk:domain-update:x.com:app"));
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync("lock:zk:domain-update:x.com:app:failures"));
    }

    [Fact]
    public async Task JobLockedByAMonitorThatDied_IsTakenWhenTheLockRunsOut()
    {
        // What a monitor killed mid-job leaves: the job and its lock, with nobody renewing it.
        var locks = StorePorts.For(redis.Connection).GetRequiredService<Core.Jobs.IJobLocks>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.NotNull(await locks.TryAcquireAsync("info:link:orphan", TimeSpan.FromSeconds(2), CancellationToken.None));
        await PostWithoutAMonitorAsync("info:link:orphan", "uuid-orphan");

        await using var monitor = await MonitorHarness.StartAsync(redis.Connection);
        var ended = monitor.Monitors[0].JobEnded.Next;
        var answer = Assert.Single(await monitor.AnswersAsync(1));
        await ended.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("uuid-orphan", answer["uuid"]!.GetValue<string>());
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"answered after {clock.Elapsed}, while the dead monitor's lock still held");
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync("info:link:orphan"));
    }

    [Fact]
    public async Task BusRefusesAnAnswer_TheJobStays_AndIsAnsweredOnceTheBusIsBack()
    {
        FaultyBus faulty = null!;
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection, wrapBus: bus => faulty = new FaultyBus(bus));
        faulty.FailNext(2);

        await monitor.PostAsync("info:link:testapp", "uuid-bus");
        var answer = Assert.Single(await monitor.AnswersAsync(1));
        await WaitUntilGoneAsync("info:link:testapp");

        // Refused twice, kept, answered the third time: not counted as a failed job, not given up.
        Assert.Equal("uuid-bus", answer["uuid"]!.GetValue<string>());
        Assert.Equal(3, faulty.Attempts);
        Assert.Equal(0, monitor.Monitors[0].Failed);
        Assert.Contains(monitor.Logger.Entries, e => e.Message.Contains("The bus refused an answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DiesBetweenTheAnswerAndTheJobsRemoval_TheJobIsAnsweredAgain_NotLost()
    {
        var board = new FailingRemovalJobBoard(StorePorts.For(redis.Connection).GetRequiredService<Core.Jobs.IJobBoard>());
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection, replace: services => services.AddSingleton<Core.Jobs.IJobBoard>(board));

        await monitor.PostAsync("info:link:testapp", "uuid-again");
        var answers = await monitor.AnswersAsync(2);
        await WaitUntilGoneAsync("info:link:testapp");

        // At least once: the answer went out, its removal failed, so the job was still there and was answered again.
        Assert.Equal(["uuid-again", "uuid-again"], answers.Select(a => a["uuid"]!.GetValue<string>()));
        Assert.Equal(2, board.Removals);
    }

    [Fact]
    public async Task CrawlCompleteRefusedByTheBus_IsAnnouncedOnceTheBusIsBack()
    {
        FaultyBus faulty = null!;
        await using var monitor = await MonitorHarness.StartAsync(redis.Connection, options: new RedisMonitorOptions { CrawlCompleteQuietSeconds = 0 },
            wrapBus: bus => faulty = new FaultyBus(bus));
        await monitor.QueueAsync("a.com", 1);
        var lease = await monitor.Frontier.TryLeaseAsync();

        faulty.FailNext(2);
        await monitor.Frontier.AckAsync(lease!, LeaseOutcome.Done);
        var complete = Assert.Single(await monitor.AnswersAsync(1));

        Assert.Equal(("crawl_complete", 1), (complete["action"]!.GetValue<string>(), complete["pages"]!.GetValue<int>()));
        Assert.True(faulty.Attempts >= 3, $"{faulty.Attempts} produces");
        // Marked announced right after the notice went out.
        await WaitUntilGoneAsync("cc:active");
    }

    private async Task WaitUntilGoneAsync(string key)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await redis.Connection.GetDatabase().KeyExistsAsync(key))
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    /// <summary>The job board as if the monitor died right after answering: the first removal never happens.</summary>
    private sealed class FailingRemovalJobBoard(Core.Jobs.IJobBoard inner) : Core.Jobs.IJobBoard
    {
        private int _removals;

        public int Removals => Volatile.Read(ref _removals);

        public Task PostAsync(string key, string value, CancellationToken cancellationToken) => inner.PostAsync(key, value, cancellationToken);

        public Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken) => inner.PendingAsync(cancellationToken);

        public Task<int> AdoptAsync(IReadOnlyList<string> patterns, CancellationToken cancellationToken) => inner.AdoptAsync(patterns, cancellationToken);

        public Task<string?> ReadAsync(string key, CancellationToken cancellationToken) => inner.ReadAsync(key, cancellationToken);

        public Task CompleteAsync(string key, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _removals) == 1 ? throw new Core.Store.StoreException("the monitor died before removing the job (injected)", transient: true)
                : inner.CompleteAsync(key, cancellationToken);

        public Task<long> CountFailureAsync(string key, CancellationToken cancellationToken) => inner.CountFailureAsync(key, cancellationToken);

        public Task WaitForJobAsync(TimeSpan longest, CancellationToken cancellationToken) => inner.WaitForJobAsync(longest, cancellationToken);
    }

    private Task PostWithoutAMonitorAsync(string key, string value) =>
        StorePorts.For(redis.Connection).GetRequiredService<Core.Jobs.IJobBoard>().PostAsync(key, value, CancellationToken.None);

    [Fact]
    public async Task JobWrittenByHand_InTheOriginalsKeyFormat_IsAdoptedAndAnswered()
    {
        // The original's Kafka Monitor writes the key and nothing else: no index, no signal.
        await redis.Connection.GetDatabase().StringSetAsync("info:link:handwritten", "uuid-h");

        await using var monitor = await MonitorHarness.StartAsync(redis.Connection);
        var answer = Assert.Single(await monitor.AnswersAsync(1));

        Assert.Equal("uuid-h", answer["uuid"]!.GetValue<string>());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}

[Trait("Kind", "Conformance")]
public sealed class RedisMonitorOnRedisTests(RedisFixture fixture) : RedisMonitorConformance<RedisFixture>(fixture), IClassFixture<RedisFixture>;

[Trait("Kind", "Conformance")]
public sealed class RedisMonitorOnGarnetTests(GarnetFixture fixture) : RedisMonitorConformance<GarnetFixture>(fixture), IClassFixture<GarnetFixture>;
