using CrawlCluster.Core.Sink;
using CrawlCluster.Sink.Databases;
using CrawlCluster.TestSupport;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CrawlCluster.Sink.Tests;

/// <summary>A fresh, empty database for one test — a PostgreSQL database on the shared server or a SQLite file — and queries on it.</summary>
internal abstract class TestDatabase : IAsyncDisposable
{
    /// <summary>SINK_DATABASE_URL for it.</summary>
    public abstract string Url { get; }

    public ISinkDatabase Open(SinkTables? tables = null) => SinkDatabases.Open(Url, tables ?? new SinkTables());

    /// <summary>The first column of the first row of <paramref name="sql"/>.</summary>
    public abstract Task<object?> ScalarAsync(string sql);

    public async Task<long> CountAsync(string table, string where = "true") =>
        Convert.ToInt64(await ScalarAsync($"SELECT count(*) FROM {table} WHERE {where}"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Waits until <paramref name="table"/> holds <paramref name="count"/> rows (or fails after <paramref name="timeout"/> with what it holds).</summary>
    public async Task WaitForRowsAsync(string table, long count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long seen;
        while ((seen = await TryCountAsync(table)) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{table} holds {seen} rows, expected {count} within {timeout}");
            await Task.Delay(50);
        }
    }

    /// <summary>The count, or −1 while the table does not exist yet or the database is away.</summary>
    public async Task<long> TryCountAsync(string table)
    {
        try
        {
            return await CountAsync(table);
        }
        catch (Exception ex) when (ex is NpgsqlException or SqliteException)
        {
            return -1;
        }
    }

    public abstract ValueTask DisposeAsync();

    public static async Task<TestDatabase> PostgresAsync(PostgresServer server)
    {
        var name = "sink_" + Guid.NewGuid().ToString("N")[..12];
        await server.CreateDatabaseAsync(name);
        return new Postgres(server, name);
    }

    public static TestDatabase Sqlite() => SqliteAt(Path.Combine(Directory.CreateTempSubdirectory("crawlcluster-sink-").FullName, "sink.db"));

    /// <summary>A SQLite file at <paramref name="path"/>, in a folder of its own that is deleted with it.</summary>
    public static TestDatabase SqliteAt(string path) => new SqliteFile(path);

    private sealed class Postgres(PostgresServer server, string name) : TestDatabase
    {
        public override string Url => server.Url(name);

        public override async Task<object?> ScalarAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString(name));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync();
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class SqliteFile(string path) : TestDatabase
    {
        public override string Url => "sqlite:///" + path;

        public override async Task<object?> ScalarAsync(string sql)
        {
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=false;Mode=ReadOnly");
            await connection.OpenAsync();
            await using var command = new SqliteCommand(sql, connection);
            return await command.ExecuteScalarAsync();
        }

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
            }
            catch (IOException)
            {
                // Still open by a sink being stopped; the temporary folder is cleaned by the OS.
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>One PostgreSQL server for the test assembly's PostgreSQL tests.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
