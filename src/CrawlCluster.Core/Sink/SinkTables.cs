namespace CrawlCluster.Core.Sink;

/// <summary>The table names the sink writes (SINK_TABLE, SINK_EVENTS_TABLE, SINK_DEAD_LETTER_TABLE).</summary>
/// <param name="Pages">Crawled pages.</param>
/// <param name="Events">Messages of any other topic.</param>
/// <param name="DeadLetters">Messages that could not be stored, with the reason.</param>
/// <param name="UpsertByPage">
/// SINK_UPSERT_KEY=crawlid,url: keep only the newest row per crawl and URL instead of one row per message.
/// </param>
internal sealed record SinkTables(string Pages = "crawled_pages", string Events = "events", string DeadLetters = "sink_dead_letters", bool UpsertByPage = false);
