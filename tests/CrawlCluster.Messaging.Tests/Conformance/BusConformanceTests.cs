namespace CrawlCluster.Messaging.Tests.Conformance;

[Trait("Kind", "Conformance")]
public sealed class MemoryBusConformanceTests(MemoryBusFixture fixture)
    : MessageBusConformance<MemoryBusFixture>(fixture), IClassFixture<MemoryBusFixture>;

[Trait("Kind", "Conformance")]
public sealed class MemoryMsgPackBusConformanceTests(MemoryMsgPackBusFixture fixture)
    : MessageBusConformance<MemoryMsgPackBusFixture>(fixture), IClassFixture<MemoryMsgPackBusFixture>;

[Trait("Kind", "Conformance")]
public sealed class RedisStreamsBusConformanceTests(RedisStreamsBusFixture fixture)
    : MessageBusConformance<RedisStreamsBusFixture>(fixture), IClassFixture<RedisStreamsBusFixture>;

[Trait("Kind", "Conformance")]
public sealed class KafkaMockBusConformanceTests(KafkaMockBusFixture fixture)
    : MessageBusConformance<KafkaMockBusFixture>(fixture), IClassFixture<KafkaMockBusFixture>;
