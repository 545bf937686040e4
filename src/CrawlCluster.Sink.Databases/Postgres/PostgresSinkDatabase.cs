using CrawlCluster.Core.Sink;
using Npgsql;
using NpgsqlTypes;

namespace CrawlCluster.Sink.Databases.Postgres;

/// <summary>
/// The sink's PostgreSQL adapter. A batch is one transaction: binary COPY straight into the tables; when that meets a
/// message already stored (a redelivery), binary COPY into a per-connection staging table (emptied at commit) and one
/// <c>INSERT … SELECT … ON CONFLICT DO NOTHING</c> on the bus position instead — so a batch written twice leaves one
/// row per message. Npgsql's errors become <see cref="SinkDatabaseException"/> here, classified by SQLSTATE.
/// </summary>
internal sealed class PostgresSinkDatabase : ISinkDatabase
{
    // pg_advisory_xact_lock key: sinks starting together migrate one at a time.
    private const long MigrationLock = 0x5E1F_C2A7_11;
    private readonly NpgsqlDataSource _source;
    private readonly SinkTables _tables;

    public PostgresSinkDatabase(string connectionString, string description, SinkTables tables)
    {
        _source = NpgsqlDataSource.Create(connectionString);
        Description = description;
        _tables = tables;
    }

    public string Description { get; }

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var migrations = PostgresSchema.Migrations(_tables);
        return await RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"CREATE TABLE IF NOT EXISTS {PostgresSchema.VersionTable} (pages_table text PRIMARY KEY, version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken).ConfigureAwait(false);
            await using var read = new NpgsqlCommand($"SELECT version FROM {PostgresSchema.VersionTable} WHERE pages_table = $1", connection);
            read.Parameters.Add(new NpgsqlParameter { Value = _tables.Pages });
            var current = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int version ? version : 0;
            for (var next = current; next < migrations.Count; next++)
            {
                await ExecuteAsync(connection, migrations[next], cancellationToken).ConfigureAwait(false);
            }

            if (current < migrations.Count)
            {
                await using var write = new NpgsqlCommand(
                    $"INSERT INTO {PostgresSchema.VersionTable} (pages_table, version) VALUES ($1, $2) ON CONFLICT (pages_table) DO UPDATE SET version = excluded.version, applied_at = now()",
                    connection);
                write.Parameters.Add(new NpgsqlParameter { Value = _tables.Pages });
                write.Parameters.Add(new NpgsqlParameter { Value = migrations.Count });
                await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_tables.UpsertByPage)
            {
                await ExecuteAsync(connection, PostgresSchema.UpsertIndex(_tables), cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return migrations.Count;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteAsync(IReadOnlyList<SinkRecord> records, CancellationToken cancellationToken)
    {
        await RunAsync(async connection =>
        {
            var pages = records.Where(r => r.Page is not null).ToList();
            var events = records.Where(r => r.Page is null).ToList();
            if (!_tables.UpsertByPage && await TryCopyAsync(connection, pages, events, cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (pages.Count > 0)
            {
                await StageAsync(connection, "sink_stage_pages", _tables.Pages, PostgresSchema.PageColumns, pages, WritePageAsync, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, InsertPages(), cancellationToken).ConfigureAwait(false);
            }

            if (events.Count > 0)
            {
                await StageAsync(connection, "sink_stage_events", _tables.Events, PostgresSchema.EventColumns, events, WriteEventAsync, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, $"INSERT INTO {_tables.Events} ({PostgresSchema.EventColumns}) SELECT {PostgresSchema.EventColumns} FROM sink_stage_events ON CONFLICT (topic, partition, position) DO NOTHING",
                    cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The fast path: COPY straight into the tables, in one transaction. A message already stored (a redelivery after a
    /// crash) makes it fail on the position's unique constraint; then nothing was written and the caller takes the
    /// staging path, which skips such rows. Redeliveries are rare, so most batches are written once, not twice.
    /// </summary>
    private async Task<bool> TryCopyAsync(NpgsqlConnection connection, List<SinkRecord> pages, List<SinkRecord> events, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (pages.Count > 0)
            {
                await CopyAsync(connection, _tables.Pages, PostgresSchema.PageColumns, pages, WritePageAsync, cancellationToken).ConfigureAwait(false);
            }

            if (events.Count > 0)
            {
                await CopyAsync(connection, _tables.Events, PostgresSchema.EventColumns, events, WriteEventAsync, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
    }

    public async Task WriteDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        await RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await StageAsync(connection, "sink_stage_dead", _tables.DeadLetters, PostgresSchema.DeadLetterColumns, letters, WriteDeadLetterAsync, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"INSERT INTO {_tables.DeadLetters} ({PostgresSchema.DeadLetterColumns}) SELECT {PostgresSchema.DeadLetterColumns} FROM sink_stage_dead ON CONFLICT (topic, partition, position) DO NOTHING",
                cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private string InsertPages()
    {
        var columns = PostgresSchema.PageColumns;
        if (!_tables.UpsertByPage)
        {
            return $"INSERT INTO {_tables.Pages} ({columns}) SELECT {columns} FROM sink_stage_pages ON CONFLICT (topic, partition, position) DO NOTHING";
        }

        // Newest row per page: the newest of the batch replaces an older stored one, never the reverse (a redelivered
        // old message leaves the newer row alone); a message already stored is skipped before it can meet the
        // position's own unique constraint.
        var updates = string.Join(", ", columns.Split(", ").Select(c => $"{c} = excluded.{c}"));
        return $"""
            INSERT INTO {_tables.Pages} ({columns})
            SELECT DISTINCT ON (crawlid, url) {columns} FROM sink_stage_pages s
            WHERE NOT EXISTS (SELECT 1 FROM {_tables.Pages} p WHERE p.topic = s.topic AND p.partition = s.partition AND p.position = s.position)
            ORDER BY crawlid, url, crawled_at DESC NULLS LAST, received_at DESC
            ON CONFLICT (crawlid, url) DO UPDATE SET {updates}
            WHERE {_tables.Pages}.crawled_at IS NULL OR excluded.crawled_at >= {_tables.Pages}.crawled_at
            """;
    }

    private static async Task StageAsync<T>(NpgsqlConnection connection, string stage, string table, string columns, IReadOnlyList<T> rows,
        Func<NpgsqlBinaryImporter, T, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        // Kept for the connection's life (NoResetOnClose) and emptied by every commit.
        await ExecuteAsync(connection, $"CREATE TEMP TABLE IF NOT EXISTS {stage} (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", cancellationToken)
            .ConfigureAwait(false);
        await CopyAsync(connection, stage, columns, rows, write, cancellationToken).ConfigureAwait(false);
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, string table, string columns, IReadOnlyList<T> rows,
        Func<NpgsqlBinaryImporter, T, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await write(importer, row, cancellationToken).ConfigureAwait(false);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WritePageAsync(NpgsqlBinaryImporter importer, SinkRecord record, CancellationToken cancellationToken)
    {
        var page = record.Page!;
        await WritePositionAsync(importer, record.Topic, record.Partition, record.Position, record.Key, record.ReceivedAt, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(page.CrawlId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(page.AppId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(page.Url, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(page.ResponseUrl, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(page.StatusCode, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(page.CrawledAt?.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(page.Encoding, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(page.Body, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(page.BodyBytes, NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(page.ResponseHeaders, NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(page.RequestHeaders, NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(page.Links, NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(page.Attrs, NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteEventAsync(NpgsqlBinaryImporter importer, SinkRecord record, CancellationToken cancellationToken)
    {
        await WritePositionAsync(importer, record.Topic, record.Partition, record.Position, record.Key, record.ReceivedAt, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(record.Json, NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteDeadLetterAsync(NpgsqlBinaryImporter importer, DeadLetter letter, CancellationToken cancellationToken)
    {
        // Plain text columns cannot hold NUL; the payload column keeps the exact bytes.
        await WritePositionAsync(importer, Clean(letter.Topic), letter.Partition, Clean(letter.Position), letter.Key is null ? null : Clean(letter.Key),
            letter.ReceivedAt, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(Clean(letter.Error), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(letter.Payload.ToArray(), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WritePositionAsync(NpgsqlBinaryImporter importer, string topic, int partition, string position, string? key, DateTimeOffset receivedAt,
        CancellationToken cancellationToken)
    {
        await importer.WriteAsync(topic, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(partition, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(position, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(key, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(receivedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
    }

    private static string Clean(string text) => text.Replace('\0', '\uFFFD');

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection, translating every failure at this boundary.</summary>
    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (PostgresException ex)
        {
            throw new SinkDatabaseException($"{Description}: {ex.SqlState} {ex.MessageText}", Classify(ex.SqlState), ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            // Unreachable, reset, timed out: wait it out.
            throw new SinkDatabaseException($"{Description}: {(ex.InnerException ?? ex).Message}", SinkFailure.Outage, ex);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidCastException or FormatException or OverflowException or System.Text.EncoderFallbackException)
        {
            // The client could not encode a value: the data's fault, like a value the server refuses.
            throw new SinkDatabaseException($"{Description}: {ex.Message}", SinkFailure.Rejected, ex);
        }
    }

    /// <summary>What a SQLSTATE means for the sink: data refused, a setting to fix, or an outage to wait out.</summary>
    internal static SinkFailure Classify(string sqlState) => sqlState switch
    {
        // 22 data exception (bad bytes, bad JSON, out of range), 23 integrity, 54 program limit (value too large).
        _ when sqlState.StartsWith("22", StringComparison.Ordinal) || sqlState.StartsWith("23", StringComparison.Ordinal)
            || sqlState.StartsWith("54", StringComparison.Ordinal) => SinkFailure.Rejected,

        // 28 credentials, 3D missing database, 42 missing table or privilege, 3F missing schema: a setting, not an outage.
        _ when sqlState.StartsWith("28", StringComparison.Ordinal) || sqlState.StartsWith("3D", StringComparison.Ordinal)
            || sqlState.StartsWith("42", StringComparison.Ordinal) || sqlState.StartsWith("3F", StringComparison.Ordinal) => SinkFailure.Fatal,

        // 08 connection, 53 resources, 57 shutdown and cancellation, 40 serialization, 55 lock: wait and retry.
        _ => SinkFailure.Outage,
    };
}
