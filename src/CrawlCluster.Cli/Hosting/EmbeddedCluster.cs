using CrawlCluster.Core.Bus;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Memory;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.Embedded;
using StackExchange.Redis;

namespace CrawlCluster.Cli.Hosting;

/// <summary>
/// The embedded default (DESIGN.md §5): Garnet started in this process on a free loopback port, reached through the
/// same StackExchange.Redis client a real Redis is, and the in-memory bus. Everything else runs the code a real
/// cluster runs.
/// </summary>
internal sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly EmbeddedGarnet _garnet;

    private EmbeddedCluster(EmbeddedGarnet garnet, IConnectionMultiplexer store, IMessageBus bus)
    {
        _garnet = garnet;
        Store = store;
        Bus = bus;
    }

    /// <summary>The store connection.</summary>
    public IConnectionMultiplexer Store { get; }

    /// <summary>The in-memory bus.</summary>
    public IMessageBus Bus { get; }

    /// <summary>The store's address, for other processes on this machine.</summary>
    public string StoreEndPoint => _garnet.EndPoint;

    /// <summary>Starts Garnet and connects to it.</summary>
    public static async Task<EmbeddedCluster> StartAsync()
    {
        var garnet = EmbeddedGarnet.Start();
        try
        {
            var store = await RedisConnection.ConnectAsync(new RedisOptions { Host = "127.0.0.1", Port = garnet.Port }).ConfigureAwait(false);
            return new EmbeddedCluster(garnet, store, new MemoryMessageBus(JsonCodec.Instance));
        }
        catch
        {
            garnet.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Bus.DisposeAsync().ConfigureAwait(false);
        await ((IAsyncDisposable)Store).DisposeAsync().ConfigureAwait(false);
        _garnet.Dispose();
    }
}
