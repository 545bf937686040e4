namespace CrawlCluster.Core.Bus;

/// <summary>Where a consumer without a committed position starts (KAFKA_CONSUMER_AUTO_OFFSET_RESET).</summary>
public enum StartPosition
{
    /// <summary>At the oldest message still kept.</summary>
    Earliest,

    /// <summary>At the next message published.</summary>
    Latest,
}
