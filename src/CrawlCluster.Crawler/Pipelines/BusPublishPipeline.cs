using CrawlCluster.Core.Metrics;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Keys;
using CrawlCluster.Crawler.Downloading;

namespace CrawlCluster.Crawler.Pipelines;

/// <summary>
/// The last stage (the original's KafkaPipeline): the crawled-page message on <c>&lt;prefix&gt;.crawled_firehose</c>
/// and, with KAFKA_APPID_TOPICS, <c>&lt;prefix&gt;.crawled_&lt;appid&gt;</c>. The lease is acknowledged only after it,
/// so a page whose publishing fails is crawled again. A produce that hangs is given up after DOWNLOAD_TIMEOUT, within
/// the lease, so a stalled bus does not hold a worker forever (the request is crawled again when its lease runs out).
/// </summary>
internal sealed class BusPublishPipeline(IMessageBus bus, TopicOptions topics, CrawlerOutputOptions output, DownloaderOptions downloader, TimeProvider time)
    : IItemPipeline
{
    private readonly TopicNames _topics = new(topics);

    public async ValueTask<CrawledItem?> ProcessAsync(CrawledItem item, CancellationToken cancellationToken)
    {
        var message = BusMessage.FromJson(CrawledPageMessage.Build(item, output.Base64Encode, time.GetUtcNow()));
        var limit = TimeSpan.FromSeconds(downloader.TimeoutSeconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        foreach (var topic in _topics.ForCrawledPage(item.Request.AppId))
        {
            try
            {
                await bus.ProduceAsync(topic, message, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new BusException($"publishing to '{topic}' took longer than DOWNLOAD_TIMEOUT ({limit.TotalSeconds:0.#} s)");
            }
        }

        ClusterMetrics.PagesPublished.Add(1);
        return item;
    }
}
