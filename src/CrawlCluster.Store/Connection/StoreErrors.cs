using System.Diagnostics;
using CrawlCluster.Core.Metrics;
using CrawlCluster.Core.Store;
using StackExchange.Redis;

namespace CrawlCluster.Store.Connection;

/// <summary>
/// Translates the client's errors into <see cref="StoreException"/> at the adapters' boundary, so no component sees a
/// StackExchange.Redis type. Redis commands cannot be withdrawn once sent: the adapters check a cancellation token
/// before sending, and a command sent completes or times out within REDIS_SOCKET_TIMEOUT (waiting on a token too would
/// cost an extra task per command on the hot path, measured in the ingest benchmark).
/// </summary>
internal static class StoreErrors
{
    /// <summary>Whether <paramref name="exception"/> came from the store client.</summary>
    public static bool IsStoreError(Exception exception) => exception is RedisException or TimeoutException;

    /// <summary>The store exception for a client error.</summary>
    public static StoreException Translate(Exception exception) =>
        new(exception.Message, transient: IsTransient(exception), exception);

    /// <summary>
    /// Whether the store is away rather than refusing the command: unreachable, timed out, or up but not serving yet
    /// (LOADING its data after a restart, BUSY with a script, MASTERDOWN, TRYAGAIN) — all waited out, never fatal.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception is RedisConnectionException or TimeoutException
        || (exception is RedisServerException server && (server.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || server.Message.StartsWith("BUSY ", StringComparison.Ordinal) || server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
            || server.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal)));

    /// <summary>Awaits a store call, translating its errors.</summary>
    public static async Task<T> Guard<T>(Task<T> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Timed only when something listens (a metrics exporter): store calls are the hottest path there is.
        var started = ClusterMetrics.StoreDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        try
        {
            var result = await call.ConfigureAwait(false);
            if (started != 0)
            {
                ClusterMetrics.StoreDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }

            return result;
        }
        catch (Exception ex) when (IsStoreError(ex))
        {
            throw Failed(ex);
        }
    }

    /// <summary>Awaits a store call, translating its errors.</summary>
    public static async Task Guard(Task call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = ClusterMetrics.StoreDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        try
        {
            await call.ConfigureAwait(false);
            if (started != 0)
            {
                ClusterMetrics.StoreDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
        catch (Exception ex) when (IsStoreError(ex))
        {
            throw Failed(ex);
        }
    }

    private static StoreException Failed(Exception exception)
    {
        var translated = Translate(exception);
        ClusterMetrics.StoreErrors.Add(1, ClusterMetrics.Tag("kind", translated.Transient ? "outage" : "refused"));
        return translated;
    }
}
