using Npgsql;

namespace CrawlCluster.Sink.Databases;

/// <summary>
/// SINK_DATABASE_URL in the forms users know from SQLAlchemy and libpq: <c>postgresql://user:password@host:port/db?sslmode=…</c>
/// (or <c>postgres://</c>), and <c>sqlite:///relative/path.db</c> or <c>sqlite:////absolute/path.db</c>.
/// </summary>
internal sealed record SinkDatabaseUrl
{
    private SinkDatabaseUrl(string kind, string connectionString, string description)
    {
        Kind = kind;
        ConnectionString = connectionString;
        Description = description;
    }

    /// <summary><c>postgres</c> or <c>sqlite</c>.</summary>
    public string Kind { get; }

    /// <summary>The ADO.NET connection string (for PostgreSQL it holds the password: never print it).</summary>
    public string ConnectionString { get; }

    /// <summary>Where the rows go, without the password.</summary>
    public string Description { get; }

    /// <summary>Reads a URL.</summary>
    /// <exception cref="ArgumentException">It is not one of the forms above; the message says which part is wrong.</exception>
    public static SinkDatabaseUrl Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        url = url.Trim();
        if (url.StartsWith("sqlite:///", StringComparison.OrdinalIgnoreCase))
        {
            var path = Uri.UnescapeDataString(url["sqlite:///".Length..].Split('?')[0]);
            if (path.Length == 0)
            {
                throw new ArgumentException("SINK_DATABASE_URL: sqlite:/// needs a file path, e.g. sqlite:///crawl.db");
            }

            var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path, Pooling = false };
            return new SinkDatabaseUrl("sqlite", builder.ToString(), $"SQLite {Path.GetFullPath(path)}");
        }

        if (url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            return ParsePostgres(url);
        }

        throw new ArgumentException("SINK_DATABASE_URL must start with postgresql:// or sqlite:/// (e.g. sqlite:///crawl.db)");
    }

    private static SinkDatabaseUrl ParsePostgres(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new ArgumentException("SINK_DATABASE_URL is not a valid postgresql:// URL (postgresql://user:password@host:port/database)");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } database ? database : "postgres",
            Timeout = 5,
            CommandTimeout = 60,

            // The sink keeps its staging tables per connection (created once, emptied at each commit).
            NoResetOnClose = true,
            ApplicationName = "crawlcluster-sink",
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
            {
                throw new ArgumentException($"SINK_DATABASE_URL: the option '{key}' is not a PostgreSQL connection setting Npgsql knows ({ex.Message})");
            }
        }

        return new SinkDatabaseUrl("postgres", builder.ConnectionString, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}");
    }
}
