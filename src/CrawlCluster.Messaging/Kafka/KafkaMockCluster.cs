using Confluent.Kafka;

namespace CrawlCluster.Messaging.Kafka;

/// <summary>
/// librdkafka's mock cluster: real Kafka protocol on loopback, owned by this object, gone when it is disposed.
/// For tests and local trials only — it keeps about 5 MiB per partition and drops older data silently
/// (CONTRACT.md A.2). It is not durable.
/// </summary>
internal sealed class KafkaMockCluster : IDisposable
{
    private readonly IAdminClient _owner;

    private KafkaMockCluster(IAdminClient owner, string bootstrapServers)
    {
        _owner = owner;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The brokers' addresses, <c>127.0.0.1:port,...</c>, for <c>KAFKA_HOSTS</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Starts a mock cluster of <paramref name="brokers"/> brokers.</summary>
    public static KafkaMockCluster Start(int brokers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        var config = new AdminClientConfig();
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var owner = new AdminClientBuilder(config)
            .SetLogHandler((_, _) => { })
            .Build();
        try
        {
            var metadata = owner.GetMetadata(TimeSpan.FromSeconds(10));
            return new KafkaMockCluster(owner, string.Join(',', metadata.Brokers.Select(b => $"{b.Host}:{b.Port}")));
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <summary>Creates topics (4 partitions each, the mock's default) by asking for their metadata.</summary>
    public void CreateTopics(IEnumerable<string> topics)
    {
        foreach (var topic in topics)
        {
            for (var attempt = 0; attempt < 50 && !Exists(topic); attempt++)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _owner.Dispose();

    private bool Exists(string topic)
    {
        var found = _owner.GetMetadata(topic, TimeSpan.FromSeconds(5)).Topics.FirstOrDefault(t => t.Topic == topic);
        return found is { Partitions.Count: > 0 } && found.Error.Code == ErrorCode.NoError;
    }
}
