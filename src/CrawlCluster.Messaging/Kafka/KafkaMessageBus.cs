using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using CrawlCluster.Core.Bus;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Messaging.Kafka;

/// <summary>
/// The Kafka platform (Confluent.Kafka over librdkafka): an idempotent, lz4-compressed producer that fails within
/// <c>KAFKA_PRODUCER_DELIVERY_TIMEOUT_MS</c> when no broker answers, and consumers with at-least-once commits.
/// Topics are created by asking for their metadata (auto-creation), which is the one topic-admin call
/// librdkafka's mock cluster supports (CONTRACT.md A.2).
/// </summary>
internal sealed class KafkaMessageBus : IMessageBus
{
    private readonly BusOptions _options;
    private readonly IMessageCodec _codec;
    private readonly ILogger _logger;
    private readonly Lazy<IProducer<byte[]?, byte[]>> _producer;
    private readonly Lazy<IAdminClient> _admin;
    private readonly KafkaLogging _log;

    /// <summary>Creates the bus; nothing connects until first use.</summary>
    public KafkaMessageBus(BusOptions options, IMessageCodec codec, ILogger logger)
    {
        _options = options;
        _codec = codec;
        _logger = logger;
        _log = new KafkaLogging(logger, TimeProvider.System);
        _producer = new Lazy<IProducer<byte[]?, byte[]>>(() => new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = options.LingerMs,
            CompressionType = CompressionType.Lz4,
            MessageMaxBytes = options.MaxRequestSize,
            // The local queue must hold at least two of the largest messages, whatever the original's buffer said.
            QueueBufferingMaxKbytes = Math.Max(options.BufferBytes, 2 * options.MaxRequestSize) / 1024,
            MessageTimeoutMs = options.DeliveryTimeoutMs,
            SocketConnectionSetupTimeoutMs = options.ConnectTimeoutSeconds * 1000,
        }).SetLogHandler((_, message) => _log.Forward(message))
          .SetErrorHandler((_, error) => _log.Error("producer", error))
          .Build());
        _admin = new Lazy<IAdminClient>(() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = options.BootstrapServers })
            .SetLogHandler((_, message) => _log.Forward(message))
            .SetErrorHandler((_, error) => _log.Error("admin", error))
            .Build());
    }

    /// <inheritdoc/>
    public string Platform => "kafka";

    /// <inheritdoc/>
    public async ValueTask ProduceAsync(string topic, BusMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var kafkaMessage = new Message<byte[]?, byte[]>
        {
            Key = message.Key is null ? null : Encoding.UTF8.GetBytes(message.Key),
            Value = _codec.Encode(message.Value),
        };
        if (message.Headers is { Count: > 0 } headers)
        {
            kafkaMessage.Headers = [];
            foreach (var (name, value) in headers)
            {
                kafkaMessage.Headers.Add(name, Encoding.UTF8.GetBytes(value));
            }
        }

        var started = Stopwatch.GetTimestamp();
        var deliveryTimeout = TimeSpan.FromMilliseconds(_options.DeliveryTimeoutMs);
        try
        {
            while (true)
            {
                try
                {
                    await _producer.Value.ProduceAsync(topic, kafkaMessage, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull && Stopwatch.GetElapsedTime(started) < deliveryTimeout)
                {
                    // The local queue is full: wait for deliveries to drain it (backpressure), up to the delivery timeout.
                    await Task.Delay(5, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (ProduceException<byte[]?, byte[]> ex)
        {
            throw new BusException($"kafka: could not publish to {topic} via {_options.BootstrapServers}: {ex.Error.Reason}", ex);
        }
        catch (KafkaException ex)
        {
            throw new BusException($"kafka: could not publish to {topic} via {_options.BootstrapServers}: {ex.Error.Reason}", ex);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IBusConsumer> SubscribeAsync(ConsumerSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Subscribing to a topic that does not exist yet fails on the mock cluster; make sure each exists.
        foreach (var topic in settings.Topics)
        {
            await EnsureTopicAsync(topic, cancellationToken).ConfigureAwait(false);
        }

        return new KafkaConsumer(_options, settings, _codec, _logger, _log);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<string>> ListTopicsAsync(CancellationToken cancellationToken)
    {
        var metadata = await AdminAsync(admin => admin.GetMetadata(ConnectTimeout), "list topics").ConfigureAwait(false);
        return [.. metadata.Topics.Where(t => t.Error.Code == ErrorCode.NoError && !t.Topic.StartsWith("__", StringComparison.Ordinal))
            .Select(t => t.Topic).Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc/>
    public async ValueTask EnsureTopicAsync(string topic, CancellationToken cancellationToken)
    {
        if (_options.TopicPartitions > 0 && !await ExistsAsync(topic).ConfigureAwait(false))
        {
            await CreateAsync(topic).ConfigureAwait(false);
        }

        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var metadata = await AdminAsync(admin => admin.GetMetadata(topic, ConnectTimeout), $"create topic {topic}").ConfigureAwait(false);
            var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            if (found is { Partitions.Count: > 0 } && found.Error.Code == ErrorCode.NoError)
            {
                return;
            }

            // Auto-creation answers "leader not available" once, then the topic is there.
            if (Stopwatch.GetElapsedTime(started) > ConnectTimeout)
            {
                throw new BusException($"kafka: topic {topic} does not exist and was not created ({found?.Error.Reason ?? "no metadata"}); create it, or enable auto.create.topics.enable on the brokers");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<BusHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await AdminAsync(admin => admin.GetMetadata(ConnectTimeout), "health").ConfigureAwait(false);
            return new BusHealth(metadata.Brokers.Count > 0, metadata.Brokers.Count > 0 ? null : "no broker answered");
        }
        catch (BusException ex)
        {
            return new BusHealth(false, ex.Message);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_producer.IsValueCreated)
        {
            await Task.Run(() => _producer.Value.Flush(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
            _producer.Value.Dispose();
        }

        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }

    private async Task<bool> ExistsAsync(string topic)
    {
        var metadata = await AdminAsync(admin => admin.GetMetadata(ConnectTimeout), "list topics").ConfigureAwait(false);
        return metadata.Topics.Any(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError);
    }

    private async Task CreateAsync(string topic)
    {
        try
        {
            await _admin.Value.CreateTopicsAsync(
                [new Confluent.Kafka.Admin.TopicSpecification { Name = topic, NumPartitions = _options.TopicPartitions, ReplicationFactor = -1 }],
                new Confluent.Kafka.Admin.CreateTopicsOptions { RequestTimeout = ConnectTimeout, OperationTimeout = ConnectTimeout }).ConfigureAwait(false);
        }
        catch (Confluent.Kafka.Admin.CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code == ErrorCode.TopicAlreadyExists))
        {
            // Created meanwhile by another process.
        }
        catch (KafkaException ex)
        {
            // Some clusters (and librdkafka's mock) refuse CreateTopics; auto-creation by metadata still works there.
            Log.TopicNotCreated(_logger, topic, _options.TopicPartitions, ex.Error.Reason);
        }
    }

    private TimeSpan ConnectTimeout => TimeSpan.FromSeconds(_options.ConnectTimeoutSeconds);

    private async Task<T> AdminAsync<T>(Func<IAdminClient, T> call, string what)
    {
        try
        {
            return await Task.Run(() => call(_admin.Value)).ConfigureAwait(false);
        }
        catch (KafkaException ex)
        {
            throw new BusException(
                $"kafka: cannot {what}: no answer from {_options.BootstrapServers} within {_options.ConnectTimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s ({ex.Error.Reason})", ex);
        }
    }
}
