using CrawlCluster.Store.Embedded;
using CrawlCluster.TestSupport;
using StackExchange.Redis;

namespace CrawlCluster.Store.Tests.Conformance;

/// <summary>What the store conformance suite needs: a connection to a Redis-protocol server of its own.</summary>
public interface IStoreFixture
{
    IConnectionMultiplexer Connection { get; }
}

/// <summary>A real redis-server, the production store.</summary>
public sealed class RedisStoreFixture : IStoreFixture, IAsyncLifetime
{
    private RedisServer _server = null!;

    public IConnectionMultiplexer Connection => _server.Connection;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();
}

/// <summary>Garnet in this process, the embedded default store.</summary>
public sealed class GarnetStoreFixture : IStoreFixture, IAsyncLifetime
{
    private EmbeddedGarnet _garnet = null!;
    private ConnectionMultiplexer _connection = null!;

    public IConnectionMultiplexer Connection => _connection;

    public async Task InitializeAsync()
    {
        _garnet = EmbeddedGarnet.Start();
        _connection = await ConnectionMultiplexer.ConnectAsync($"{_garnet.EndPoint},abortConnect=true,connectTimeout=5000");
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        _garnet.Dispose();
    }
}
