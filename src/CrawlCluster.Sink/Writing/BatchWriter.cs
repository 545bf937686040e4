using CrawlCluster.Core.Sink;
using CrawlCluster.Sink.Records;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Sink.Writing;

/// <summary>
/// Writes a batch so that nothing is lost and nothing blocks the rest: a database outage is waited out with capped,
/// jittered back-off (reading stays paused meanwhile, since the sink's loop is in here), and a batch the database
/// refuses is split in halves until the refused records are alone, which become dead letters while the others go in.
/// </summary>
internal sealed class BatchWriter(ISinkDatabase database, SinkHealth health, SinkMetrics metrics, TimeProvider time, TimeSpan retryCap, ILogger logger)
{
    private static readonly KeyValuePair<string, object?> OutageTag = new("failure", "outage");
    private static readonly KeyValuePair<string, object?> RejectedTag = new("failure", "rejected");

    /// <summary>Writes <paramref name="records"/> and <paramref name="deadLetters"/>; returns the rows and the dead letters written.</summary>
    /// <exception cref="SinkDatabaseException">A fatal failure (a setting to fix).</exception>
    /// <exception cref="OperationCanceledException">Stopped while the database was down; nothing of the batch is known written.</exception>
    public async Task<(int Rows, IReadOnlyList<DeadLetter> DeadLetters)> WriteAsync(IReadOnlyList<SinkRecord> records,
        IReadOnlyList<DeadLetter> deadLetters, Func<int> buffered, CancellationToken cancellationToken)
    {
        var dead = new List<DeadLetter>(deadLetters);
        var rows = await WriteSplittingAsync(records, dead, buffered, cancellationToken).ConfigureAwait(false);
        if (dead.Count > 0)
        {
            // Dead letters are raw bytes and plain text: a refusal here is a bug or a broken schema, so it stops the sink
            // (the batch stays uncommitted and is read again after the fix).
            await RetryOutagesAsync(token => database.WriteDeadLettersAsync(dead, token), buffered, cancellationToken).ConfigureAwait(false);
        }

        return (rows, dead);
    }

    private async Task<int> WriteSplittingAsync(IReadOnlyList<SinkRecord> records, List<DeadLetter> dead, Func<int> buffered, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return 0;
        }

        try
        {
            await RetryOutagesAsync(token => database.WriteAsync(records, token), buffered, cancellationToken).ConfigureAwait(false);
            return records.Count;
        }
        catch (SinkDatabaseException ex) when (ex.Failure == SinkFailure.Rejected)
        {
            metrics.Errors.Add(1, RejectedTag);
            if (records.Count == 1)
            {
                dead.Add(SinkRecordReader.Refused(records[0], ex.Message));
                return 0;
            }

            var half = records.Count / 2;
            var written = await WriteSplittingAsync(records.Take(half).ToList(), dead, buffered, cancellationToken).ConfigureAwait(false);
            return written + await WriteSplittingAsync(records.Skip(half).ToList(), dead, buffered, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="write"/> until it succeeds, waiting out outages; other failures are thrown.</summary>
    public async Task RetryOutagesAsync(Func<CancellationToken, Task> write, Func<int> buffered, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write(cancellationToken).ConfigureAwait(false);
                if (health.Succeeded(time.GetUtcNow()) is { } lasted)
                {
                    Log.OutageEnded(logger, Math.Round(lasted.TotalSeconds, 1));
                }

                return;
            }
            catch (SinkDatabaseException ex) when (ex.Failure == SinkFailure.Outage && !cancellationToken.IsCancellationRequested)
            {
                metrics.Errors.Add(1, OutageTag);
                if (health.Failed(time.GetUtcNow(), ex.Message))
                {
                    Log.OutageBegan(logger, ex.Message, buffered());
                }
                else if (attempt % 10 == 0 && health.Outage is { } outage)
                {
                    Log.OutageContinues(logger, (long)(time.GetUtcNow() - outage.Since).TotalSeconds, attempt, ex.Message);
                }

                await Task.Delay(RetryDelay.For(attempt, retryCap, Random.Shared), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
