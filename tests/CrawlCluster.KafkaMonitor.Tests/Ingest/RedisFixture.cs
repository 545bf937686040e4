using CrawlCluster.TestSupport;

namespace CrawlCluster.KafkaMonitor.Tests.Ingest;

/// <summary>A real redis-server for a test class.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
