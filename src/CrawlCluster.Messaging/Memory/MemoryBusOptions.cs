namespace CrawlCluster.Messaging.Memory;

/// <summary>Shape of the in-process bus.</summary>
internal sealed record MemoryBusOptions
{
    /// <summary>Partitions per topic; messages with one key stay in one partition, in order.</summary>
    public int Partitions { get; init; } = 4;

    /// <summary>Messages kept per partition; older ones are dropped, as a Kafka retention limit would.</summary>
    public int MaxMessagesPerPartition { get; init; } = 100_000;
}
