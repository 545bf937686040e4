using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Store;
using CrawlCluster.Store;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Dedup;
using CrawlCluster.Store.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CrawlCluster.Cli.Hosting;

/// <summary>
/// The store connection and the bus a process runs on: opened before its host, so that an unreachable store or broker
/// fails the command at once with a one-line error, and closed after it. Either the configured Redis and bus, or the
/// embedded default (DESIGN.md §5): Garnet in this process on a free loopback port, reached through the same client
/// a real Redis is, and the in-memory bus.
/// </summary>
internal sealed class Infrastructure : IAsyncDisposable
{
    private readonly EmbeddedGarnet? _garnet;

    private Infrastructure(IConnectionMultiplexer store, IMessageBus bus, EmbeddedGarnet? garnet)
    {
        Store = store;
        Bus = bus;
        _garnet = garnet;
    }

    /// <summary>The store connection.</summary>
    public IConnectionMultiplexer Store { get; }

    /// <summary>The bus.</summary>
    public IMessageBus Bus { get; }

    /// <summary>The embedded store's port, for other processes on this machine; null for a configured store.</summary>
    public int? EmbeddedStorePort => _garnet?.Port;

    /// <summary>Connects to the configured store and bus, or says why not on <paramref name="error"/> and returns null.</summary>
    public static async Task<Infrastructure?> TryOpenAsync(RedisOptions redis, BusOptions bus, ILoggerFactory loggers, TextWriter error)
    {
        IConnectionMultiplexer? store = null;
        try
        {
            store = await RedisConnection.ConnectAsync(redis).ConfigureAwait(false);
            return new Infrastructure(store, await BusFactory.CreateAsync(bus, redis, loggers).ConfigureAwait(false), garnet: null);
        }
        catch (Exception ex) when (ex is RedisException or BusException or ArgumentException)
        {
            await error.WriteLineAsync($"crawlcluster: {ex.Message}").ConfigureAwait(false);
            if (store is not null)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }

            return null;
        }
    }

    /// <summary>Starts the embedded store, with <paramref name="bus"/> or the memory bus.</summary>
    public static async Task<Infrastructure> StartEmbeddedAsync(IMessageBus? bus = null)
    {
        var garnet = EmbeddedGarnet.Start();
        try
        {
            var store = await RedisConnection.ConnectAsync(new RedisOptions { Host = "127.0.0.1", Port = garnet.Port }).ConfigureAwait(false);
            return new Infrastructure(store, bus ?? BusFactory.Memory(), garnet);
        }
        catch
        {
            garnet.Dispose();
            throw;
        }
    }

    /// <summary>Connects to a configured store with a bus made for it (the embedded store's counterpart in <c>up</c>).</summary>
    public static async Task<Infrastructure?> TryOpenStoreAsync(RedisOptions redis, Func<Task<IMessageBus>> bus, TextWriter error)
    {
        try
        {
            var store = await RedisConnection.ConnectAsync(redis).ConfigureAwait(false);
            return new Infrastructure(store, await bus().ConfigureAwait(false), garnet: null);
        }
        catch (Exception ex) when (ex is RedisException or BusException)
        {
            await error.WriteLineAsync($"crawlcluster: {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Registers the store ports and the bus.</summary>
    public void Register(IServiceCollection services, DupeFilterSettings dupeFilter, string domainConfigDocument)
    {
        services.AddRedisStore(Store, dupeFilter, domainConfigDocument);
        services.AddSingleton(Bus);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Bus.DisposeAsync().ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
        _garnet?.Dispose();
    }
}
