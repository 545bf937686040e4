using CrawlCluster.Store.Embedded;
using CrawlCluster.TestSupport;
using StackExchange.Redis;

namespace CrawlCluster.RedisMonitor.Tests;

/// <summary>A Redis-protocol store of the test class's own, emptied before each test.</summary>
public interface IStoreFixture
{
    IConnectionMultiplexer Connection { get; }

    Task FlushAsync();
}

/// <summary>A real redis-server, the production store.</summary>
public sealed class RedisFixture : IStoreFixture, IAsyncLifetime
{
    private RedisServer _server = null!;

    public IConnectionMultiplexer Connection => _server.Connection;

    public Task FlushAsync() => _server.FlushAsync();

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();
}

/// <summary>Garnet in this process, the embedded default store.</summary>
public sealed class GarnetFixture : IStoreFixture, IAsyncLifetime
{
    private EmbeddedGarnet _garnet = null!;
    private ConnectionMultiplexer _connection = null!;

    public IConnectionMultiplexer Connection => _connection;

    public Task FlushAsync() => _connection.GetServer(_garnet.EndPoint).FlushAllDatabasesAsync();

    public async Task InitializeAsync()
    {
        _garnet = EmbeddedGarnet.Start();
        _connection = await ConnectionMultiplexer.ConnectAsync($"{_garnet.EndPoint},abortConnect=true,connectTimeout=5000,allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        _garnet.Dispose();
    }
}
