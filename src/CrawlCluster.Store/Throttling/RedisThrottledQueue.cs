using System.Globalization;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Throttling;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Throttling;

/// <summary>
/// A domain queue behind the original's cluster-wide throttle (CONTRACT.md Part B §3), with the original's keys and
/// value formats — <c>&lt;scope&gt;:throttle_window</c> (pop times) and <c>&lt;scope&gt;:throttle_time</c> (last
/// moderated pop) — so that our crawlers and the original's Python crawlers draw on one budget. The check and the pop
/// are one Lua script, so the throttle holds under any number of concurrent crawlers.
/// </summary>
internal sealed class RedisThrottledQueue
{
    private static readonly string PopScript =
        EmbeddedScript.WithPrelude(typeof(RedisThrottledQueue), "ThrottleCheck", typeof(RedisThrottledQueue), "ThrottledPop");
    private static readonly string UniquePrefix = Guid.NewGuid().ToString("N")[..8];
    private static long _unique;

    private readonly IDatabase _db;
    private readonly TimeProvider _time;
    private readonly RedisKey[] _keys;
    private int _pops;

    /// <summary>Creates the queue object; nothing is written until a push or pop.</summary>
    /// <param name="db">The store.</param>
    /// <param name="queueKey">The domain queue, <c>&lt;spiderid&gt;:&lt;domain&gt;:queue</c>.</param>
    /// <param name="throttleScope">The throttle key base (<see cref="RedisKeys.ThrottleScope"/>).</param>
    /// <param name="policy">The limit, window and moderation.</param>
    /// <param name="time">The clock.</param>
    public RedisThrottledQueue(IDatabase db, string queueKey, string throttleScope, ThrottlePolicy policy, TimeProvider time)
    {
        _db = db;
        _time = time;
        Policy = policy;
        QueueKey = queueKey;
        WindowKey = RedisKeys.ThrottleWindow(throttleScope);
        ModerationKey = RedisKeys.ThrottleTime(throttleScope);
        _keys = [QueueKey, WindowKey, ModerationKey];
    }

    /// <summary>The queue's key.</summary>
    public string QueueKey { get; }

    /// <summary>The sliding window's key.</summary>
    public string WindowKey { get; }

    /// <summary>The moderation key.</summary>
    public string ModerationKey { get; }

    /// <summary>The rule applied.</summary>
    public ThrottlePolicy Policy { get; }

    /// <summary>Queues <paramref name="member"/> with score −<paramref name="priority"/> (higher priority pops first).</summary>
    public Task PushAsync(string member, int priority) => _db.SortedSetAddAsync(QueueKey, member, -priority);

    /// <summary>Pops the best member if the throttle allows it now.</summary>
    public async Task<PopOutcome> PopAsync()
    {
        var result = (RedisResult[])(await _db.ScriptEvaluateAsync(PopScript, _keys,
        [
            EpochSeconds.Text(_time.GetUtcNow()),
            Policy.Window.TotalSeconds.ToString("R", CultureInfo.InvariantCulture),
            Policy.Limit,
            Policy.Moderated ? 1 : 0,
            Policy.Elastic ? 1 : 0,
            Volatile.Read(ref _pops),
            Policy.ElasticBuffer,
            UniquePrefix + Interlocked.Increment(ref _unique).ToString(CultureInfo.InvariantCulture),
        ]).ConfigureAwait(false))!;
        if ((int)result[0] == 1)
        {
            // The original's in-process elastic kick-in counter: pops made by this object, up to the limit.
            if (Volatile.Read(ref _pops) < Policy.Limit)
            {
                Interlocked.Increment(ref _pops);
            }

            return new PopOutcome.Popped((string)result[1]!);
        }

        return (string?)result[1] switch
        {
            "limit" => new PopOutcome.LimitReached(),
            "moderated" => new PopOutcome.Moderated(),
            _ => new PopOutcome.Empty(),
        };
    }

    /// <summary>Members waiting.</summary>
    public Task<long> LengthAsync() => _db.SortedSetLengthAsync(QueueKey);

    /// <summary>Deletes the window, the moderation key and the queue, as the original's <c>clear</c>.</summary>
    public Task ClearAsync() => _db.KeyDeleteAsync([WindowKey, ModerationKey, QueueKey]);
}
