using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Scripts;
using StackExchange.Redis;

namespace CrawlCluster.Store.Frontier;

/// <summary>
/// Puts requests in the original's domain queues (<c>&lt;spiderid&gt;:&lt;domain&gt;:queue</c>, score
/// <see cref="QueueScore"/>), marks their domains ready, and keeps each crawl's counters and backlog. Several pushes
/// are sent back to back and awaited together: one round trip for a page's children.
/// </summary>
/// <param name="redis">The store.</param>
/// <param name="time">The clock.</param>
internal sealed class RedisFrontierQueue(IConnectionMultiplexer redis, TimeProvider time) : IFrontierQueue
{
    private static readonly string PushScript = EmbeddedScript.Read(typeof(RedisFrontierQueue), "Push");
    private static readonly TimeSpan PushIdLifetime = TimeSpan.FromDays(1);

    /// <inheritdoc/>
    public async Task<bool[]> PushAsync(IReadOnlyList<FrontierPush> pushes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pushes);
        cancellationToken.ThrowIfCancellationRequested();
        if (pushes.Count == 0)
        {
            return [];
        }

        var db = redis.GetDatabase();
        var now = time.GetUtcNow();
        var calls = new Task<RedisResult>[pushes.Count];
        for (var i = 0; i < pushes.Count; i++)
        {
            var push = pushes[i];
            var crawl = CrawlIdentity.FromMember(push.Member);
            calls[i] = db.ScriptEvaluateAsync(PushScript,
                [
                    RedisKeys.Queue(push.SpiderId, push.Domain), CrawlClusterKeys.Ready(push.SpiderId), FrontierKeys.Counters(push.SpiderId, crawl),
                    FrontierKeys.Backlog(push.SpiderId, crawl), FrontierKeys.AppCrawls(push.SpiderId, crawl), CrawlClusterKeys.Pushed(push.PushId ?? ""),
                    FrontierKeys.Active,
                ],
                [
                    push.Member, QueueScore.For(push.Priority, now), push.Domain, now.ToUnixTimeMilliseconds(), push.Priority, crawl.CrawlId,
                    push.PushId is null ? 0 : (int)PushIdLifetime.TotalSeconds, FrontierKeys.ActiveMember(push.SpiderId, crawl),
                ]);
        }

        var results = calls.Length == 1
            ? [await StoreErrors.Guard(calls[0], cancellationToken).ConfigureAwait(false)]
            : await StoreErrors.Guard(Task.WhenAll(calls), cancellationToken).ConfigureAwait(false);
        var added = new bool[results.Length];
        HashSet<string>? woken = null;
        for (var i = 0; i < results.Length; i++)
        {
            var outcome = (long)results[i];
            added[i] = outcome > 0;
            if (outcome == 2 && (woken ??= new(StringComparer.Ordinal)).Add(pushes[i].SpiderId))
            {
                // A domain entered the ready index: idle crawlers of that spider type wake up now.
                await StoreErrors.Guard(redis.GetSubscriber().PublishAsync(FrontierKeys.Signal(pushes[i].SpiderId), RedisValue.EmptyString,
                    CommandFlags.FireAndForget), cancellationToken).ConfigureAwait(false);
            }
        }

        return added;
    }
}
