using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Confluent.Kafka;
using CrawlCluster.Core.Bus;
using CrawlCluster.Messaging.Codecs;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Messaging.Kafka;

/// <summary>
/// A Kafka subscription. Commits store the offset and librdkafka commits stored offsets every
/// <c>KAFKA_CONSUMER_COMMIT_INTERVAL_MS</c>, before a rebalance takes partitions away, and on close: only handled
/// messages are ever committed (at-least-once), and no commit waits on the broker.
/// </summary>
internal sealed class KafkaConsumer : IBusConsumer
{
    private readonly IConsumer<byte[]?, byte[]> _consumer;
    private readonly IMessageCodec _codec;
    private readonly ILogger _logger;
    private readonly KafkaLogging _log;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _pollTimeout;
    private readonly bool _commits;
    private readonly SemaphoreSlim _polling = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentQueue<ConsumeResult<byte[]?, byte[]>> _pending = new();
    private int _disposed;

    public KafkaConsumer(BusOptions options, ConsumerSettings settings, IMessageCodec codec, ILogger logger, KafkaLogging log)
    {
        _codec = codec;
        _logger = logger;
        _log = log;
        _commits = settings.Group is not null;
        _pollTimeout = TimeSpan.FromMilliseconds(Math.Min(options.ConsumerTimeoutMs, 1000));
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,

            // Without a group (dump), a throw-away group that never commits.
            GroupId = settings.Group ?? $"crawlcluster-reader-{Guid.NewGuid():N}",
            EnableAutoCommit = _commits,
            EnableAutoOffsetStore = false,
            AutoCommitIntervalMs = options.CommitIntervalMs,
            AutoOffsetReset = settings.StartPosition == StartPosition.Latest ? AutoOffsetReset.Latest : AutoOffsetReset.Earliest,
            FetchMaxBytes = Math.Max(options.FetchMessageMaxBytes, 1024 * 1024),
            MaxPartitionFetchBytes = options.FetchMessageMaxBytes,
            SessionTimeoutMs = options.SessionTimeoutMs,
            HeartbeatIntervalMs = options.HeartbeatIntervalMs,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.RoundRobin,
            AllowAutoCreateTopics = true,
            SocketConnectionSetupTimeoutMs = options.ConnectTimeoutSeconds * 1000,
        };
        _consumer = new ConsumerBuilder<byte[]?, byte[]>(config)
            .SetLogHandler((_, message) => log.Forward(message))
            .SetErrorHandler((_, error) => log.Error("consumer of " + string.Join(",", settings.Topics), error))
            .SetPartitionsAssignedHandler((consumer, partitions) => Assigned(consumer, partitions, settings.StartPosition))
            .Build();
        _consumer.Subscribe(settings.Topics);
    }

    public async ValueTask WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        // The group is only joined while polling; keep what the polls bring for ReadAsync.
        while (!_ready.Task.IsCompleted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await Task.Run(() => Poll(_pollTimeout), CancellationToken.None).ConfigureAwait(false) is { Message: not null } result)
            {
                _pending.Enqueue(result);
            }
        }
    }

    // librdkafka resolves "latest" lazily, at the first fetch, so a message published between the assignment and that
    // fetch would be skipped. Pin the start of partitions without a committed offset to their end now instead.
    private IEnumerable<TopicPartitionOffset> Assigned(IConsumer<byte[]?, byte[]> consumer, List<TopicPartition> partitions, StartPosition start)
    {
        var result = partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset)).ToList();
        if (start == StartPosition.Latest && partitions.Count > 0)
        {
            var timeout = TimeSpan.FromSeconds(10);
            var committed = _commits ? consumer.Committed(partitions, timeout) : [];
            result = [.. partitions.Select(p =>
            {
                var offset = committed.FirstOrDefault(c => c.TopicPartition == p)?.Offset ?? Offset.Unset;
                return new TopicPartitionOffset(p, offset != Offset.Unset ? offset : consumer.QueryWatermarkOffsets(p, timeout).High);
            })];
        }

        _ready.TrySetResult();
        return result;
    }

    public async IAsyncEnumerable<ConsumedMessage> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ConsumeResult<byte[]?, byte[]>? result;
            try
            {
                // A message already fetched is taken without leaving this thread; otherwise wait off-thread.
                result = _pending.TryDequeue(out var kept) ? kept
                    : Poll(TimeSpan.Zero) ?? await Task.Run(() => Poll(_pollTimeout), CancellationToken.None).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                yield break;
            }

            if (result?.Message is not { } message)
            {
                continue;
            }

            var headers = message.Headers?.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.GetValueBytes()), StringComparer.Ordinal);
            yield return WireMessage.Decode(_codec, result.Topic, result.Partition.Value,
                result.Offset.Value.ToString(CultureInfo.InvariantCulture),
                message.Key is null ? null : Encoding.UTF8.GetString(message.Key), message.Value ?? [], headers, result.TopicPartitionOffset);
        }
    }

    public ValueTask CommitAsync(ConsumedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_commits)
        {
            return ValueTask.CompletedTask;
        }

        if (message.CommitToken is not TopicPartitionOffset position)
        {
            throw new ArgumentException("The message was not read from Kafka.", nameof(message));
        }

        try
        {
            _consumer.StoreOffset(new TopicPartitionOffset(position.TopicPartition, position.Offset + 1));
        }
        catch (KafkaException ex)
        {
            // The partition moved to another member meanwhile: it will deliver the message again (at-least-once).
            Log.CommitSkipped(_logger, position.Topic, position.Partition.Value, position.Offset.Value.ToString(CultureInfo.InvariantCulture), ex.Error.Reason);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Wait for a poll in progress; Close then commits stored offsets and leaves the group at once.
        await _polling.WaitAsync().ConfigureAwait(false);
        try
        {
            await Task.Run(() =>
            {
                try
                {
                    _consumer.Close();
                }
                catch (KafkaException ex)
                {
                    _log.Error("consumer (close)", ex.Error);
                }
            }).ConfigureAwait(false);
            _consumer.Dispose();
        }
        finally
        {
            _polling.Release();
        }
    }

    private ConsumeResult<byte[]?, byte[]>? Poll(TimeSpan timeout)
    {
        _polling.Wait();
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _consumer.Consume(timeout);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            // An unknown topic appears when first produced to; other transient errors are retried by librdkafka.
            _log.Error("consumer", ex.Error);
            return null;
        }
        catch (ConsumeException ex)
        {
            throw new BusException($"kafka: fatal consumer error: {ex.Error.Reason}", ex);
        }
        finally
        {
            _polling.Release();
        }
    }
}
