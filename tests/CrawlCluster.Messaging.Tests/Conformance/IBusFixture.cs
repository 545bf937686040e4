using CrawlCluster.Core.Bus;

namespace CrawlCluster.Messaging.Tests.Conformance;

/// <summary>What the conformance suite needs of a platform.</summary>
public interface IBusFixture
{
    /// <summary>A bus on the platform; the suite disposes it.</summary>
    IMessageBus CreateBus();

    /// <summary>Puts bytes on a topic as another program might, bypassing the codec.</summary>
    Task ProduceRawAsync(IMessageBus bus, string topic, string key, byte[] wire);

    /// <summary>How long a test may wait for a message (rebalances are slow on some platforms).</summary>
    TimeSpan Patience { get; }
}
