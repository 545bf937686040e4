using CrawlCluster.Core.Metrics;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Keys;

namespace CrawlCluster.Crawler.Pipelines;

/// <summary>
/// The last stage (the original's KafkaPipeline): the crawled-page message on <c>&lt;prefix&gt;.crawled_firehose</c>
/// and, with KAFKA_APPID_TOPICS, <c>&lt;prefix&gt;.crawled_&lt;appid&gt;</c>. The lease is acknowledged only after it,
/// so a page whose publishing fails is crawled again.
/// </summary>
internal sealed class BusPublishPipeline(IMessageBus bus, TopicOptions topics, CrawlerOutputOptions output, TimeProvider time) : IItemPipeline
{
    private readonly TopicNames _topics = new(topics);

    public async ValueTask<CrawledItem?> ProcessAsync(CrawledItem item, CancellationToken cancellationToken)
    {
        var message = BusMessage.FromJson(CrawledPageMessage.Build(item, output.Base64Encode, time.GetUtcNow()));
        foreach (var topic in _topics.ForCrawledPage(item.Request.AppId))
        {
            await bus.ProduceAsync(topic, message, cancellationToken).ConfigureAwait(false);
        }

        ClusterMetrics.PagesPublished.Add(1);
        return item;
    }
}
