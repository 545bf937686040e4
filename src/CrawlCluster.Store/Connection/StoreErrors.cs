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
        new(exception.Message, transient: exception is RedisConnectionException or TimeoutException, exception);

    /// <summary>Awaits a store call, translating its errors.</summary>
    public static async Task<T> Guard<T>(Task<T> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreError(ex))
        {
            throw Translate(ex);
        }
    }

    /// <summary>Awaits a store call, translating its errors.</summary>
    public static async Task Guard(Task call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreError(ex))
        {
            throw Translate(ex);
        }
    }
}
