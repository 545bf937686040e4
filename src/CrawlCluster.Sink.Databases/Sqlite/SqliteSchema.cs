using CrawlCluster.Core.Sink;

namespace CrawlCluster.Sink.Databases.Sqlite;

/// <summary>
/// The sink's tables in SQLite, as numbered migrations recorded in <c>crawlcluster_sink_schema</c>; JSON columns are
/// TEXT (query them with SQLite's JSON functions), times are ISO-8601 UTC text.
/// </summary>
internal static class SqliteSchema
{
    public const string VersionTable = "crawlcluster_sink_schema";

    /// <summary>The migrations; index + 1 is the version. Append only.</summary>
    public static IReadOnlyList<string> Migrations(SinkTables t) =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS {t.Pages} (
            topic TEXT NOT NULL,
            partition INTEGER NOT NULL,
            position TEXT NOT NULL,
            message_key TEXT,
            received_at TEXT NOT NULL,
            crawlid TEXT,
            appid TEXT,
            url TEXT NOT NULL,
            response_url TEXT,
            status_code INTEGER,
            crawled_at TEXT,
            encoding TEXT,
            body TEXT,
            body_bytes BLOB,
            headers TEXT,
            request_headers TEXT,
            links TEXT,
            attrs TEXT,
            PRIMARY KEY (topic, partition, position));
        CREATE INDEX IF NOT EXISTS {t.Pages}_crawl ON {t.Pages} (appid, crawlid);
        CREATE INDEX IF NOT EXISTS {t.Pages}_url ON {t.Pages} (url);
        CREATE TABLE IF NOT EXISTS {t.Events} (
            topic TEXT NOT NULL,
            partition INTEGER NOT NULL,
            position TEXT NOT NULL,
            message_key TEXT,
            received_at TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (topic, partition, position));
        CREATE INDEX IF NOT EXISTS {t.Events}_received ON {t.Events} (topic, received_at);
        CREATE TABLE IF NOT EXISTS {t.DeadLetters} (
            topic TEXT NOT NULL,
            partition INTEGER NOT NULL,
            position TEXT NOT NULL,
            message_key TEXT,
            received_at TEXT NOT NULL,
            error TEXT NOT NULL,
            payload BLOB NOT NULL,
            PRIMARY KEY (topic, partition, position));
        """,
    ];

    public static string UpsertIndex(SinkTables t) => $"CREATE UNIQUE INDEX IF NOT EXISTS {t.Pages}_page ON {t.Pages} (crawlid, url)";
}
