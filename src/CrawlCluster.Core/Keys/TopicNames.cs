namespace CrawlCluster.Core.Keys;

/// <summary>The output topic names (CONTRACT.md Part B §2.9, §4.2), built from <see cref="TopicOptions"/>.</summary>
/// <param name="options">The prefix and whether per-application topics are on.</param>
internal sealed class TopicNames(TopicOptions options)
{
    /// <summary>The original's default incoming topic.</summary>
    public const string DefaultIncoming = "demo.incoming";

    /// <summary>Every crawled page: <c>&lt;prefix&gt;.crawled_firehose</c>.</summary>
    public string CrawledFirehose => $"{options.Prefix}.crawled_firehose";

    /// <summary>Every action, stats and config answer: <c>&lt;prefix&gt;.outbound_firehose</c>.</summary>
    public string OutboundFirehose => $"{options.Prefix}.outbound_firehose";

    /// <summary>Crawled pages of one application: <c>&lt;prefix&gt;.crawled_&lt;appid&gt;</c>.</summary>
    public string Crawled(string appId) => $"{options.Prefix}.crawled_{appId}";

    /// <summary>Answers for one application: <c>&lt;prefix&gt;.outbound_&lt;appid&gt;</c>.</summary>
    public string Outbound(string appId) => $"{options.Prefix}.outbound_{appId}";

    /// <summary>The topics a crawled page goes to: the firehose, then the application's topic if enabled.</summary>
    public IReadOnlyList<string> ForCrawledPage(string appId) =>
        options.AppIdTopics ? [CrawledFirehose, Crawled(appId)] : [CrawledFirehose];

    /// <summary>The topics an answer goes to: the application's topic first if enabled (as the original), then the firehose.</summary>
    public IReadOnlyList<string> ForAnswer(string appId) =>
        options.AppIdTopics ? [Outbound(appId), OutboundFirehose] : [OutboundFirehose];
}
