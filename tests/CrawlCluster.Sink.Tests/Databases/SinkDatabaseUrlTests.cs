using CrawlCluster.Core.Sink;
using CrawlCluster.Sink.Databases;
using CrawlCluster.Sink.Databases.Postgres;
using CrawlCluster.Sink.Databases.Sqlite;
using Npgsql;

namespace CrawlCluster.Sink.Tests.Databases;

[Trait("Kind", "Unit")]
public sealed class SinkDatabaseUrlTests
{
    [Fact]
    public void PostgresUrl_BecomesAConnectionString_AndADescriptionWithoutThePassword()
    {
        var url = SinkDatabaseUrl.Parse("postgresql://crawl:s%40cret@db.internal:6543/pages?sslmode=disable");

        var builder = new NpgsqlConnectionStringBuilder(url.ConnectionString);
        Assert.Equal("postgres", url.Kind);
        Assert.Equal(("db.internal", 6543, "pages", "crawl", "s@cret"), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
        Assert.Equal(SslMode.Disable, builder.SslMode);
        Assert.Equal("PostgreSQL db.internal:6543/pages", url.Description);
        Assert.DoesNotContain("cret", url.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgresUrl_DefaultsPortAndDatabase() =>
        Assert.Equal("PostgreSQL localhost:5432/postgres", SinkDatabaseUrl.Parse("postgres://localhost").Description);

    [Theory]
    [InlineData("sqlite:///crawl.db", "crawl.db")]
    [InlineData("sqlite:////var/lib/crawl.db", "/var/lib/crawl.db")]
    public void SqliteUrl_FollowsSqlAlchemy(string text, string path)
    {
        var url = SinkDatabaseUrl.Parse(text);

        Assert.Equal("sqlite", url.Kind);
        Assert.Contains(path, url.ConnectionString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mysql://x/y", "must start with postgresql:// or sqlite:///")]
    [InlineData("sqlite:///", "needs a file path")]
    [InlineData("postgresql://host/db?frobnicate=1", "'frobnicate' is not a PostgreSQL connection setting")]
    public void BadUrl_IsRefused_InOneLine(string text, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => SinkDatabaseUrl.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("22021", "Rejected")] // invalid byte sequence (a NUL in text)
    [InlineData("22P02", "Rejected")] // invalid JSON
    [InlineData("54000", "Rejected")] // value too large
    [InlineData("28P01", "Fatal")] // wrong password
    [InlineData("3D000", "Fatal")] // no such database
    [InlineData("42501", "Fatal")] // no privilege
    [InlineData("57P01", "Outage")] // administrator shutdown
    [InlineData("08006", "Outage")] // connection failure
    [InlineData("53300", "Outage")] // too many connections
    public void PostgresErrors_AreClassified(string sqlState, string failure) =>
        Assert.Equal(Enum.Parse<SinkFailure>(failure), PostgresSinkDatabase.Classify(sqlState));

    [Theory]
    [InlineData(5, "Outage")] // BUSY
    [InlineData(13, "Outage")] // FULL
    [InlineData(18, "Rejected")] // TOOBIG
    [InlineData(26, "Fatal")] // NOTADB
    public void SqliteErrors_AreClassified(int code, string failure) =>
        Assert.Equal(Enum.Parse<SinkFailure>(failure), SqliteSinkDatabase.Classify(code));
}
