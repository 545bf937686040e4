using CrawlCluster.Core.Sink;
using CrawlCluster.Sink.Databases.Postgres;
using CrawlCluster.Sink.Databases.Sqlite;

namespace CrawlCluster.Sink.Databases;

/// <summary>The one place that turns SINK_DATABASE_URL into a database adapter.</summary>
internal static class SinkDatabases
{
    /// <summary>The adapter for <paramref name="url"/>; nothing is connected until the sink migrates.</summary>
    /// <exception cref="ArgumentException">The URL is not understood; the message says why.</exception>
    public static ISinkDatabase Open(string url, SinkTables tables)
    {
        var parsed = SinkDatabaseUrl.Parse(url);
        return parsed.Kind == "postgres"
            ? new PostgresSinkDatabase(parsed.ConnectionString, parsed.Description, tables)
            : new SqliteSinkDatabase(parsed.ConnectionString, parsed.Description, tables);
    }
}
