using Polly;
using Polly.Retry;
using StackExchange.Redis;

namespace CrawlCluster.Store.Connection;

/// <summary>
/// How store calls survive a store that goes away after start-up (STYLE.md guideline 11): retried with exponential
/// back-off and jitter, capped, for connection failures and timeouts only; anything else is not retried. At start-up a
/// store that does not answer fails fast instead (<see cref="RedisConnection.ConnectAsync"/>).
/// </summary>
internal static class StoreResilience
{
    /// <summary>Whether <paramref name="exception"/> says the store is unreachable or slow, rather than the call wrong.</summary>
    public static bool IsTransient(Exception exception) =>
        exception is RedisConnectionException or RedisTimeoutException or Core.Store.StoreException { Transient: true };

    /// <summary>A pipeline that retries transient store failures until <paramref name="giveUpAfter"/> has passed.</summary>
    /// <param name="giveUpAfter">How long to keep retrying one call.</param>
    /// <param name="onRetry">Told of each retry (for logs and health), or null.</param>
    /// <param name="time">The clock, for tests.</param>
    public static ResiliencePipeline Create(TimeSpan giveUpAfter, Action<Exception, TimeSpan>? onRetry = null, TimeProvider? time = null)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System };
        builder.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(5),
            MaxRetryAttempts = int.MaxValue,
            OnRetry = args =>
            {
                onRetry?.Invoke(args.Outcome.Exception!, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(giveUpAfter);
        return builder.Build();
    }
}
