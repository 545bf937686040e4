using CrawlCluster.Core.Store;
using System.Globalization;
using StackExchange.Redis;

namespace CrawlCluster.Store.Connection;

/// <summary>Opens the process's one connection to the store (StackExchange.Redis multiplexes everything over it).</summary>
internal static class RedisConnection
{
    /// <summary>The StackExchange.Redis configuration for <paramref name="options"/>.</summary>
    public static ConfigurationOptions Configuration(RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var timeoutMs = options.SocketTimeoutSeconds * 1000;
        var configuration = new ConfigurationOptions
        {
            EndPoints = { { options.Host, options.Port } },
            DefaultDatabase = options.Database,
            Password = options.Password,
            Ssl = options.Tls,
            ConnectTimeout = timeoutMs,
            SyncTimeout = timeoutMs,
            AsyncTimeout = timeoutMs,

            // Fail fast at start-up with a clear error; once connected, the multiplexer reconnects by itself.
            AbortOnConnectFail = true,
            ConnectRetry = 1,
            ClientName = "crawlcluster",

            // The shared dedicated I/O threads cost a few context switches per reply; on the thread pool, replies
            // complete where the work continues (measured in bench/results/2026-11-24-ingest.md).
            SocketManager = SocketManager.ThreadPool,
        };
        return configuration;
    }

    /// <summary>Connects, or throws a <see cref="RedisConnectionException"/> naming the address when nothing answers.</summary>
    public static async Task<IConnectionMultiplexer> ConnectAsync(RedisOptions options)
    {
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(Configuration(options)).ConfigureAwait(false);
        }
        catch (RedisConnectionException ex)
        {
            throw new RedisConnectionException(ex.FailureType,
                string.Create(CultureInfo.InvariantCulture,
                    $"redis: cannot connect to {options.Host}:{options.Port} (database {options.Database}, {ex.FailureType}) within {options.SocketTimeoutSeconds} s; check REDIS_HOST, REDIS_PORT and REDIS_PASSWORD"), ex);
        }
    }
}
