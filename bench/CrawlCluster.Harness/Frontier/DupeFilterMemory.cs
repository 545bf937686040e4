using System.Diagnostics;
using CrawlCluster.Core.Dedup;
using CrawlCluster.Store.Dedup;
using CrawlCluster.TestSupport;

namespace CrawlCluster.Harness.Frontier;

/// <summary>Store memory per million URLs: the original's fingerprint set against the Bloom filter, on redis-server.</summary>
internal static class DupeFilterMemory
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Contains("--quick") ? 100_000 : 1_000_000;
        await using var redis = await RedisServer.StartAsync();
        var db = redis.Connection.GetDatabase();
        var set = new RedisDupeFilter(redis.Connection, TimeSpan.FromHours(1));
        var shape = new BloomFilterShape(count, 0.001);
        var bloom = new RedisBloomDupeFilter(redis.Connection, shape, TimeSpan.FromHours(1));
        Console.WriteLine("| filter | URLs | store bytes | bytes per URL | checks/s (pipelined) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, check, key) in new (string, Func<string, Task<bool>>, string)[]
        {
            ("set (original)", fp => set.SeenOneAsync("link", "c", fp), "link:dupefilter:c"),
            ($"bloom (p = {shape.ErrorRate}, k = {shape.Hashes})", fp => bloom.SeenOneAsync("link", "c", fp), RedisBloomDupeFilter.Key("link", "c")),
        })
        {
            var watch = Stopwatch.StartNew();
            var pending = new List<Task>(10_000);
            for (var i = 0; i < count; i++)
            {
                pending.Add(check(RequestFingerprint.Of("GET", $"http://domain{i % 1000}.com/page/{i}")));
                if (pending.Count == 10_000)
                {
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }

            await Task.WhenAll(pending);
            var bytes = (long)(await db.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0"));
            Console.WriteLine($"| {name} | {count:N0} | {bytes:N0} | {(double)bytes / count:F1} | {count / watch.Elapsed.TotalSeconds:N0} |");
        }

        return 0;
    }
}
