using System.Diagnostics;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Throttling;
using CrawlCluster.Store.Throttling;
using CrawlCluster.TestSupport;
using StackExchange.Redis;

namespace CrawlCluster.Harness.Frontier;

/// <summary>
/// Pops per second against redis-server with 10, 1,000 and 100,000 queued domains, for CrawlCluster's frontier and
/// for a model of the original scheduler, side by side; and throttle decisions per second. The throttle is set out of
/// the way (a huge limit), so the figures measure finding and popping work, not politeness.
/// </summary>
internal static class FrontierThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        await using var redis = await RedisServer.StartAsync();
        var policy = new ThrottlePolicy(TimeSpan.FromSeconds(60), 100_000_000, Moderated: false);
        Console.WriteLine("| domains | CrawlCluster pops/s (1 worker) | CrawlCluster pops/s (4 workers) | original approach pops/s (1 worker) |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (var domains in quick ? new[] { 10, 1_000, 10_000 } : [10, 1_000, 10_000, 100_000])
        {
            await redis.FlushAsync();
            var spider = "link";
            var pops = quick ? 2_000 : 5_000;
            await FillAsync(redis.Connection, spider, domains, membersPerDomain: Math.Max(2, (4 * pops / domains) + 2), policy);

            // Warm-up (JIT, thread pool, script cache) so the first configuration is not charged for it.
            await OursAsync(redis.Connection, spider, policy, pops / 4, workers: 4);
            var ours1 = await OursAsync(redis.Connection, spider, policy, pops, workers: 1);
            var ours4 = await OursAsync(redis.Connection, spider, policy, pops, workers: 4);
            var original = await OriginalAsync(redis.Connection, spider, domains, pops: Math.Min(pops, domains >= 10_000 ? 200 : pops));
            Console.WriteLine($"| {domains:N0} | {ours1:N0} | {ours4:N0} | {original:N0} |");
        }

        Console.WriteLine();
        Console.WriteLine($"throttle decisions/s (limit reached, 1 worker): {await DecisionsAsync(redis.Connection, 1):N0}");
        Console.WriteLine($"throttle decisions/s (limit reached, 4 workers): {await DecisionsAsync(redis.Connection, 4):N0}");
        return 0;
    }

    private static async Task FillAsync(IConnectionMultiplexer redis, string spider, int domains, int membersPerDomain, ThrottlePolicy policy)
    {
        var frontier = new TestFrontier(redis, spider, new FrontierSettings(TimeSpan.FromMinutes(5), _ => policy), TimeProvider.System);
        var pending = new List<Task>();
        for (var d = 0; d < domains; d++)
        {
            for (var i = 0; i < membersPerDomain; i++)
            {
                pending.Add(frontier.PushAsync($"domain{d}.com", $$"""{"url":"http:\/\/domain{{d}}.com\/{{i}}","appid":"bench","crawlid":"c","priority":1}""", 1));
                if (pending.Count == 5_000)
                {
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }
        }

        await Task.WhenAll(pending);
    }

    private static async Task<double> OursAsync(IConnectionMultiplexer redis, string spider, ThrottlePolicy policy, int pops, int workers)
    {
        var remaining = pops;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var frontier = new TestFrontier(redis, spider, new FrontierSettings(TimeSpan.FromMinutes(5), _ => policy), TimeProvider.System);
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var lease = await frontier.TryLeaseAsync() ?? throw new InvalidOperationException("the frontier ran dry");
                await frontier.AckAsync(lease, LeaseOutcome.Done);
            }
        })));
        return pops / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> OriginalAsync(IConnectionMultiplexer redis, string spider, int domains, int pops)
    {
        var scheduler = new OriginalScheduler(redis, spider, limit: 100_000_000, window: TimeSpan.FromSeconds(60));
        await scheduler.PopAsync();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < pops; i++)
        {
            _ = await scheduler.PopAsync() ?? throw new InvalidOperationException("the queues ran dry");
        }

        return pops / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> DecisionsAsync(IConnectionMultiplexer redis, int workers)
    {
        var db = redis.GetDatabase();
        var policy = new ThrottlePolicy(TimeSpan.FromSeconds(60), 1, Moderated: false);
        var queueKey = RedisKeys.Queue("decisions", "limited.com");
        var setup = new RedisThrottledQueue(db, queueKey, "decisions:limited.com", policy, TimeProvider.System);
        await setup.PushAsync("a", 1);
        await setup.PushAsync("b", 1);
        await setup.PopAsync();
        const int Decisions = 20_000;
        var remaining = Decisions;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            var queue = new RedisThrottledQueue(db, queueKey, "decisions:limited.com", policy, TimeProvider.System);
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await queue.PopAsync();
            }
        })));
        return Decisions / watch.Elapsed.TotalSeconds;
    }
}
