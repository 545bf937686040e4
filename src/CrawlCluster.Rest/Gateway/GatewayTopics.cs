namespace CrawlCluster.Rest.Gateway;

/// <summary>The topics the gateway writes to and reads from.</summary>
/// <param name="Incoming">Where <c>/feed</c> produces (KAFKA_PRODUCER_TOPIC).</param>
/// <param name="Outbound">Where answers come from (<c>&lt;prefix&gt;.outbound_firehose</c>).</param>
/// <param name="Crawled">Where crawled pages go (<c>&lt;prefix&gt;.crawled_firehose</c>), for the crawl event streams.</param>
internal sealed record GatewayTopics(string Incoming, string Outbound, string Crawled);
