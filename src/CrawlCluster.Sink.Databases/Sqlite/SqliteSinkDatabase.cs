using System.Globalization;
using CrawlCluster.Core.Sink;
using Microsoft.Data.Sqlite;

namespace CrawlCluster.Sink.Databases.Sqlite;

/// <summary>
/// The sink's SQLite adapter, the embedded default: one connection in WAL mode (readers never block the sink), a batch
/// per transaction through prepared statements, <c>ON CONFLICT DO NOTHING</c> on the bus position.
/// </summary>
internal sealed class SqliteSinkDatabase(string connectionString, string description, SinkTables tables) : ISinkDatabase
{
    private const string PageColumns =
        "topic, partition, position, message_key, received_at, crawlid, appid, url, response_url, status_code, crawled_at, encoding, body, body_bytes, headers, request_headers, links, attrs";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;

    public string Description { get; } = description;

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var migrations = SqliteSchema.Migrations(tables);
        return await RunAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"CREATE TABLE IF NOT EXISTS {SqliteSchema.VersionTable} (pages_table TEXT PRIMARY KEY, version INTEGER NOT NULL, applied_at TEXT NOT NULL)",
                cancellationToken).ConfigureAwait(false);
            await using var read = Command(connection, transaction, $"SELECT version FROM {SqliteSchema.VersionTable} WHERE pages_table = $table");
            read.Parameters.AddWithValue("$table", tables.Pages);
            var current = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? (int)version : 0;
            for (var next = current; next < migrations.Count; next++)
            {
                await ExecuteAsync(connection, transaction, migrations[next], cancellationToken).ConfigureAwait(false);
            }

            await using var write = Command(connection, transaction,
                $"INSERT INTO {SqliteSchema.VersionTable} (pages_table, version, applied_at) VALUES ($table, $version, $at) ON CONFLICT (pages_table) DO UPDATE SET version = excluded.version, applied_at = excluded.applied_at");
            write.Parameters.AddWithValue("$table", tables.Pages);
            write.Parameters.AddWithValue("$version", migrations.Count);
            write.Parameters.AddWithValue("$at", Time(DateTimeOffset.UtcNow));
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (tables.UpsertByPage)
            {
                await ExecuteAsync(connection, transaction, SqliteSchema.UpsertIndex(tables), cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return migrations.Count;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteAsync(IReadOnlyList<SinkRecord> records, CancellationToken cancellationToken)
    {
        await RunAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var pages = Command(connection, transaction, InsertPage());
            await using var events = Command(connection, transaction,
                $"INSERT INTO {tables.Events} (topic, partition, position, message_key, received_at, data) VALUES ($p0, $p1, $p2, $p3, $p4, $p5) ON CONFLICT (topic, partition, position) DO NOTHING");
            foreach (var record in records)
            {
                var command = record.Page is null ? events : pages;
                object?[] values = record.Page is { } page
                    ? [record.Topic, record.Partition, record.Position, record.Key, Time(record.ReceivedAt), page.CrawlId, page.AppId, page.Url, page.ResponseUrl,
                        page.StatusCode, page.CrawledAt is { } at ? Time(at) : null, page.Encoding, page.Body, page.BodyBytes, page.ResponseHeaders,
                        page.RequestHeaders, page.Links, page.Attrs]
                    : [record.Topic, record.Partition, record.Position, record.Key, Time(record.ReceivedAt), record.Json];
                await RunAsync(command, values, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        await RunAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var insert = Command(connection, transaction,
                $"INSERT INTO {tables.DeadLetters} (topic, partition, position, message_key, received_at, error, payload) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6) ON CONFLICT (topic, partition, position) DO NOTHING");
            foreach (var letter in letters)
            {
                await RunAsync(insert, [letter.Topic, letter.Partition, letter.Position, letter.Key, Time(letter.ReceivedAt), letter.Error, letter.Payload.ToArray()],
                    cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }

    private string InsertPage()
    {
        var parameters = string.Join(", ", Enumerable.Range(0, 18).Select(i => $"$p{i}"));
        if (!tables.UpsertByPage)
        {
            return $"INSERT INTO {tables.Pages} ({PageColumns}) VALUES ({parameters}) ON CONFLICT (topic, partition, position) DO NOTHING";
        }

        var updates = string.Join(", ", PageColumns.Split(", ").Select(c => $"{c} = excluded.{c}"));
        return $"""
            INSERT INTO {tables.Pages} ({PageColumns}) VALUES ({parameters})
            ON CONFLICT (crawlid, url) DO UPDATE SET {updates}
            WHERE {tables.Pages}.crawled_at IS NULL OR excluded.crawled_at >= {tables.Pages}.crawled_at
            ON CONFLICT DO NOTHING
            """;
    }

    private static async Task RunAsync(SqliteCommand command, object?[] values, CancellationToken cancellationToken)
    {
        if (command.Parameters.Count == 0)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter($"$p{i}", values[i] ?? DBNull.Value));
            }

            command.Prepare();
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql) =>
        new(sql, connection, transaction);

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> on the one connection, opened (WAL) on first use and after a failure.</summary>
    private async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is null)
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource));
                if (directory is not null)
                {
                    Directory.CreateDirectory(directory);
                }

                var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (var pragmas = connection.CreateCommand())
                {
                    // WAL: readers (the user's queries) never block the sink. NORMAL: a commit survives a crash of this
                    // process, the sink's failure mode; only a power loss may take the last commits.
                    pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
                    await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                _connection = connection;
            }

            return await work(_connection).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            var failure = Classify(ex.SqliteErrorCode);
            if (failure != SinkFailure.Rejected && _connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }

            throw new SinkDatabaseException($"{Description}: {ex.Message}", failure, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SinkDatabaseException($"{Description}: {ex.Message}", SinkFailure.Fatal, ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What an SQLite result code means for the sink.</summary>
    internal static SinkFailure Classify(int code) => (code & 0xFF) switch
    {
        18 or 19 or 20 or 25 => SinkFailure.Rejected, // TOOBIG, CONSTRAINT, MISMATCH, RANGE
        8 or 11 or 23 or 26 => SinkFailure.Fatal, // READONLY, CORRUPT, AUTH, NOTADB
        _ => SinkFailure.Outage, // BUSY, LOCKED, IOERR, FULL, CANTOPEN, …
    };
}
