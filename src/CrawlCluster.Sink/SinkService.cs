using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Sink;
using CrawlCluster.Sink.Batching;
using CrawlCluster.Sink.Records;
using CrawlCluster.Sink.Writing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Sink;

/// <summary>
/// The sink's loop: reads its topics in a consumer group into a bounded buffer, writes batches to the database, and
/// commits the messages of a batch on the bus only after the database committed them (at-least-once delivery; every row
/// is keyed by its bus position, so a message read twice is stored once). While the database is down the buffer fills
/// and reading pauses; on shutdown the buffered messages are written if the database answers within a grace period,
/// and otherwise left uncommitted, to be read again.
/// </summary>
internal sealed class SinkService(
    IMessageBus bus,
    ISinkDatabase database,
    SinkPlan plan,
    SinkHealth health,
    TimeProvider time,
    ILogger<SinkService> logger,
    System.Diagnostics.Metrics.IMeterFactory? meters = null) : BackgroundService
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);
    private int _buffered;
    private long _rows;
    private long _deadLetters;

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the schema is in place and the consumer reads (for <c>crawl</c> and the tests).</summary>
    public Task Ready => _ready.Task;

    /// <summary>Messages read and not yet written.</summary>
    public int Buffered => Volatile.Read(ref _buffered);

    /// <summary>Rows written (or found already written) since the start.</summary>
    public long RowsWritten => Interlocked.Read(ref _rows);

    /// <summary>Dead letters written since the start.</summary>
    public long DeadLettersWritten => Interlocked.Read(ref _deadLetters);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var metrics = new SinkMetrics(meters, health, () => Volatile.Read(ref _buffered));
        var writer = new BatchWriter(database, health, metrics, time, plan.RetryCap, logger);
        var version = await MigrateAsync(writer, stoppingToken).ConfigureAwait(false);

        await using var consumer = await bus.SubscribeAsync(new ConsumerSettings(plan.Topics, plan.Group), stoppingToken).ConfigureAwait(false);
        await consumer.WaitUntilReadyAsync(stoppingToken).ConfigureAwait(false);
        health.MarkReady();
        _ready.TrySetResult();
        Log.Started(logger, string.Join(", ", plan.Topics), plan.Group, database.Description, version);

        // Read at most one batch ahead of the batches being written: a slow or absent database stops the reading
        // instead of growing memory.
        var buffer = Channel.CreateBounded<ReadMessage>(new BoundedChannelOptions(plan.BatchSize)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // Writing outlives the stop signal by a grace period, to land what was read.
        using var writing = new CancellationTokenSource();
        using var graceful = stoppingToken.Register(() => writing.CancelAfter(ShutdownGrace));
        var reader = ReadAsync(consumer, buffer.Writer, stoppingToken);
        try
        {
            await WriteAsync(consumer, buffer.Reader, writer, metrics, writing.Token).ConfigureAwait(false);
        }
        finally
        {
            buffer.Writer.TryComplete();
            await reader.ConfigureAwait(false);
        }

        Log.Stopped(logger, _rows, _deadLetters);
    }

    private async Task<int> MigrateAsync(BatchWriter writer, CancellationToken stoppingToken)
    {
        var version = 0;
        await writer.RetryOutagesAsync(async token => version = await database.MigrateAsync(token).ConfigureAwait(false),
            () => 0, stoppingToken).ConfigureAwait(false);
        return version;
    }

    private async Task ReadAsync(IBusConsumer consumer, ChannelWriter<ReadMessage> buffer, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in consumer.ReadAsync(stoppingToken).ConfigureAwait(false))
            {
                // Parsed here, so that parsing the next batch overlaps writing this one.
                var record = SinkRecordReader.Read(message, time.GetUtcNow(), out var deadLetter);
                await buffer.WriteAsync(new ReadMessage(message, record, deadLetter), stoppingToken).ConfigureAwait(false);
                Interlocked.Increment(ref _buffered);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was read is written by the writer; what was not is read again next time.
        }
        catch (ChannelClosedException)
        {
            // The writer stopped first (a fault it reports itself).
        }
        finally
        {
            buffer.TryComplete();
        }
    }

    private async Task WriteAsync(IBusConsumer consumer, ChannelReader<ReadMessage> buffer, BatchWriter writer, SinkMetrics metrics, CancellationToken token)
    {
        // Up to SINK_WRITERS batches are written at once (the database works while the next batch fills), and batches
        // are committed on the bus strictly in the order read: a batch is committed only when every earlier one is.
        var inFlight = new Queue<(SinkBatch Batch, Task<(int Rows, IReadOnlyList<DeadLetter> DeadLetters)> Write, long Started)>();
        var batch = NewBatch();
        try
        {
            while (true)
            {
                // While waiting for messages, commit the writes that end: a quiet topic must not hold them back.
                var more = WaitForMoreAsync(buffer, batch, token);
                while (inFlight.Count > 0 && !more.IsCompleted)
                {
                    var oldest = inFlight.Peek().Write;
                    if (await Task.WhenAny(more, oldest).ConfigureAwait(false) != oldest)
                    {
                        break;
                    }

                    await CompleteOldestAsync().ConfigureAwait(false);
                }

                if (!await more.ConfigureAwait(false))
                {
                    Start(batch);
                    while (inFlight.Count > 0)
                    {
                        await CompleteOldestAsync().ConfigureAwait(false);
                    }

                    return;
                }

                while (!batch.IsFull && buffer.TryRead(out var read))
                {
                    batch.Add(read.Message, read.Record, read.DeadLetter, time.GetTimestamp());
                }

                if (batch.IsFull || (batch.Count > 0 && batch.DueIn(time) <= TimeSpan.Zero))
                {
                    Start(batch);
                    batch = NewBatch();
                    while (inFlight.Count >= plan.Writers || (inFlight.Count > 0 && inFlight.Peek().Write.IsCompleted))
                    {
                        await CompleteOldestAsync().ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Left uncommitted on the bus, so nothing is lost: the group delivers them again.
            if (Volatile.Read(ref _buffered) is > 0 and var left)
            {
                Log.Unwritten(logger, left);
            }
        }
        finally
        {
            // A write that failed fatally leaves the others running: let them end before the consumer goes away.
            await Task.WhenAll(inFlight.Select(w => w.Write)).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        void Start(SinkBatch full)
        {
            if (full.Count > 0)
            {
                inFlight.Enqueue((full, writer.WriteAsync(full.Records, full.DeadLetters, () => Volatile.Read(ref _buffered), token), Stopwatch.GetTimestamp()));
            }
        }

        async Task CompleteOldestAsync()
        {
            var (done, write, started) = inFlight.Peek();
            var (rows, deadLetters) = await write.ConfigureAwait(false);
            inFlight.Dequeue();
            await CommitAsync(consumer, done, rows, deadLetters, Stopwatch.GetElapsedTime(started), metrics, token).ConfigureAwait(false);
        }
    }

    private SinkBatch NewBatch() => new(plan.BatchSize, plan.BatchMaxBytes, plan.BatchMaxAge);

    /// <summary>Waits until a message is buffered or the batch is due; false when reading has ended and nothing is left.</summary>
    private async Task<bool> WaitForMoreAsync(ChannelReader<ReadMessage> buffer, SinkBatch batch, CancellationToken token)
    {
        if (batch.Count == 0)
        {
            return await buffer.WaitToReadAsync(token).ConfigureAwait(false);
        }

        var due = batch.DueIn(time);
        if (due <= TimeSpan.Zero)
        {
            return true;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(due);
        try
        {
            return await buffer.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return true;
        }
    }

    private async Task CommitAsync(IBusConsumer consumer, SinkBatch batch, int rows, IReadOnlyList<DeadLetter> deadLetters, TimeSpan elapsed,
        SinkMetrics metrics, CancellationToken token)
    {
        foreach (var letter in deadLetters)
        {
            Log.DeadLettered(logger, letter.Topic, letter.Partition, letter.Position, letter.Error);
            await PublishDeadLetterAsync(letter, token).ConfigureAwait(false);
        }

        // Only now is the batch safe in the database: commit it on the bus, in the order read.
        foreach (var message in batch.Messages)
        {
            await consumer.CommitAsync(message, token).ConfigureAwait(false);
        }

        metrics.BatchDuration.Record(elapsed.TotalSeconds);
        var refused = deadLetters.Select(d => (d.Topic, d.Partition, d.Position)).ToHashSet();
        var pages = batch.Records.Count(r => r.Page is not null && !refused.Contains((r.Topic, r.Partition, r.Position)));
        metrics.Rows.Add(pages, new KeyValuePair<string, object?>("table", "pages"));
        metrics.Rows.Add(rows - pages, new KeyValuePair<string, object?>("table", "events"));
        metrics.DeadLetters.Add(deadLetters.Count);
        Interlocked.Add(ref _rows, rows);
        Interlocked.Add(ref _deadLetters, deadLetters.Count);
        Interlocked.Add(ref _buffered, -batch.Count);
        Log.BatchWritten(logger, rows, deadLetters.Count, (long)elapsed.TotalMilliseconds);
    }

    private async Task PublishDeadLetterAsync(DeadLetter letter, CancellationToken token)
    {
        if (plan.DeadLetterTopic is not { } topic)
        {
            return;
        }

        // The table is the durable record; the topic is a notification, so a failure to publish is logged and skipped.
        try
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
            {
                ["topic"] = letter.Topic,
                ["partition"] = letter.Partition,
                ["position"] = letter.Position,
                ["key"] = letter.Key,
                ["error"] = letter.Error,
                ["data"] = Encoding.UTF8.GetString(letter.Payload.Span),
            });
            await bus.ProduceAsync(topic, new BusMessage(payload, letter.Key), token).ConfigureAwait(false);
        }
        catch (BusException ex)
        {
            Log.DeadLetterTopicFailed(logger, topic, ex.Message);
        }
    }

    /// <summary>A message with what it became.</summary>
    private readonly record struct ReadMessage(ConsumedMessage Message, SinkRecord? Record, DeadLetter? DeadLetter);
}
