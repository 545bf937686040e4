namespace CrawlCluster.Core.Sink;

/// <summary>
/// The database the sink writes to (port; adapters for PostgreSQL and SQLite). Every write is one transaction and is
/// idempotent: a record whose bus position is already stored is skipped, so a batch written twice (the sink died after
/// the commit to the database and before the commit to the bus) leaves one row per message.
/// </summary>
internal interface ISinkDatabase : IAsyncDisposable
{
    /// <summary>Where the rows go, for logs; never includes a password.</summary>
    string Description { get; }

    /// <summary>Creates missing tables and indexes and applies pending migrations; returns the schema version.</summary>
    /// <exception cref="SinkDatabaseException">The database failed; its <see cref="SinkDatabaseException.Failure"/> says how.</exception>
    Task<int> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Writes the records in one transaction (pages to the pages table, the rest to the events table).</summary>
    /// <exception cref="SinkDatabaseException">Nothing was written; <see cref="SinkDatabaseException.Failure"/> says whether to retry or split.</exception>
    Task WriteAsync(IReadOnlyList<SinkRecord> records, CancellationToken cancellationToken);

    /// <summary>Writes dead letters in one transaction, also idempotently.</summary>
    /// <exception cref="SinkDatabaseException">Nothing was written.</exception>
    Task WriteDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken);
}
