using CrawlCluster.Core.Sink;

namespace CrawlCluster.Sink.Databases.Postgres;

/// <summary>
/// The sink's tables in PostgreSQL, as numbered migrations applied in order and recorded in
/// <c>crawlcluster_sink_schema</c> (one row per pages table, so sinks with other SINK_TABLE names keep their own). The
/// bus position is each table's primary key: it makes a redelivered message one row, and a surrogate id would cost
/// an index and a sequence per row for nothing (measured: a third more events a second without it).
/// </summary>
internal static class PostgresSchema
{
    public const string VersionTable = "crawlcluster_sink_schema";

    /// <summary>The migrations; index + 1 is the version. Append only: a shipped migration never changes.</summary>
    public static IReadOnlyList<string> Migrations(SinkTables t) =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS {t.Pages} (
            topic text NOT NULL,
            partition integer NOT NULL,
            position text NOT NULL,
            message_key text,
            received_at timestamptz NOT NULL,
            crawlid text,
            appid text,
            url text NOT NULL,
            response_url text,
            status_code integer,
            crawled_at timestamptz,
            encoding text,
            body text,
            body_bytes bytea,
            headers jsonb,
            request_headers jsonb,
            links jsonb,
            attrs jsonb,
            CONSTRAINT {t.Pages}_position PRIMARY KEY (topic, partition, position));
        CREATE INDEX IF NOT EXISTS {t.Pages}_crawl ON {t.Pages} (appid, crawlid);
        CREATE INDEX IF NOT EXISTS {t.Pages}_url ON {t.Pages} (url);
        CREATE TABLE IF NOT EXISTS {t.Events} (
            topic text NOT NULL,
            partition integer NOT NULL,
            position text NOT NULL,
            message_key text,
            received_at timestamptz NOT NULL,
            data jsonb NOT NULL,
            CONSTRAINT {t.Events}_position PRIMARY KEY (topic, partition, position));
        CREATE INDEX IF NOT EXISTS {t.Events}_received ON {t.Events} (topic, received_at);
        CREATE TABLE IF NOT EXISTS {t.DeadLetters} (
            topic text NOT NULL,
            partition integer NOT NULL,
            position text NOT NULL,
            message_key text,
            received_at timestamptz NOT NULL,
            error text NOT NULL,
            payload bytea NOT NULL,
            CONSTRAINT {t.DeadLetters}_position PRIMARY KEY (topic, partition, position));
        """,
    ];

    /// <summary>The index SINK_UPSERT_KEY=crawlid,url needs; created at start when that mode is on.</summary>
    public static string UpsertIndex(SinkTables t) => $"CREATE UNIQUE INDEX IF NOT EXISTS {t.Pages}_page ON {t.Pages} (crawlid, url)";

    public const string PageColumns =
        "topic, partition, position, message_key, received_at, crawlid, appid, url, response_url, status_code, crawled_at, encoding, body, body_bytes, headers, request_headers, links, attrs";

    public const string EventColumns = "topic, partition, position, message_key, received_at, data";

    public const string DeadLetterColumns = "topic, partition, position, message_key, received_at, error, payload";
}
