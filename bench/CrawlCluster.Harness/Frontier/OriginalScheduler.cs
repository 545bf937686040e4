using StackExchange.Redis;

namespace CrawlCluster.Harness.Frontier;

/// <summary>
/// A faithful model of the original scheduler's pop (Scrapy Cluster's DistributedScheduler.find_item, CONTRACT.md
/// Part B §2.2–3.4), for comparison only: the known queue keys come from <c>KEYS</c> every 10 s, every pop shuffles
/// the whole list and visits queues in that order, and each visit runs the original's throttle check
/// (ZREMRANGEBYSCORE, then WATCH/ZCARD/MULTI/ZADD/EXPIRE/EXEC) and its MULTI pop (ZRANGE + ZREMRANGEBYRANK).
/// </summary>
internal sealed class OriginalScheduler(IConnectionMultiplexer redis, string spider, int limit, TimeSpan window)
{
    private readonly IDatabase _db = redis.GetDatabase();
    private readonly Random _random = new(674386);
    private List<string> _queueKeys = [];
    private DateTime _lastRefresh = DateTime.MinValue;

    public async Task<string?> PopAsync()
    {
        if (DateTime.UtcNow - _lastRefresh > TimeSpan.FromSeconds(10))
        {
            _lastRefresh = DateTime.UtcNow;
            _queueKeys = [.. (await redis.GetServers()[0].ExecuteAsync("KEYS", $"{spider}:*:queue") is var keys ? (RedisResult[])keys! : []).Select(k => (string)k!)];
        }

        // random.shuffle(self.queue_keys) on every call.
        var order = _queueKeys.ToArray();
        _random.Shuffle(order);
        foreach (var key in order)
        {
            var domain = key[(spider.Length + 1)..^":queue".Length];
            if (await AllowedAsync($"{spider}:{domain}") && await PopQueueAsync(key) is { } item)
            {
                return item;
            }
        }

        return null;
    }

    private async Task<bool> AllowedAsync(string scope)
    {
        var windowKey = scope + ":throttle_window";
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        await _db.SortedSetRemoveRangeByScoreAsync(windowKey, double.NegativeInfinity, now - window.TotalSeconds, Exclude.Stop);
        var transaction = _db.CreateTransaction();
        transaction.AddCondition(Condition.SortedSetLengthLessThan(windowKey, limit));
        _ = transaction.SortedSetAddAsync(windowKey, now, now);
        _ = transaction.KeyExpireAsync(windowKey, window * 2);
        return await transaction.ExecuteAsync();
    }

    private async Task<string?> PopQueueAsync(string key)
    {
        var transaction = _db.CreateTransaction();
        var first = transaction.SortedSetRangeByRankAsync(key, 0, 0);
        _ = transaction.SortedSetRemoveRangeByRankAsync(key, 0, 0);
        await transaction.ExecuteAsync();
        var items = await first;
        return items.Length == 0 ? null : (string?)items[0];
    }
}
