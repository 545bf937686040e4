using CrawlCluster.Core.Bus;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CrawlCluster.Messaging.Redis;

/// <summary>
/// The Redis Streams platform: a multi-machine bus that needs only Redis. A topic is the stream
/// <c>cc:bus:&lt;topic&gt;</c>, trimmed to about <c>REDIS_STREAMS_MAXLEN</c> entries; consumer groups, acks and
/// claims of abandoned messages are Redis's own. Needs a real Redis (Garnet has no streams: CONTRACT.md A.3).
/// </summary>
/// <param name="redis">The process's connection.</param>
/// <param name="codec">The wire codec.</param>
/// <param name="maxLength">Entries kept per stream.</param>
/// <param name="claimIdle">How long a message may stay unacknowledged before another consumer takes it.</param>
/// <param name="logger">Where claims are logged.</param>
internal sealed class RedisStreamsMessageBus(IConnectionMultiplexer redis, IMessageCodec codec, int maxLength, TimeSpan claimIdle, ILogger logger) : IMessageBus
{
    /// <inheritdoc/>
    public string Platform => "redis";

    /// <inheritdoc/>
    public async ValueTask ProduceAsync(string topic, BusMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var fields = new List<NameValueEntry> { new(RedisStreamKeys.ValueField, codec.Encode(message.Value)) };
        if (message.Key is not null)
        {
            fields.Add(new NameValueEntry(RedisStreamKeys.KeyField, message.Key));
        }

        foreach (var (name, value) in message.Headers ?? new Dictionary<string, string>())
        {
            fields.Add(new NameValueEntry(RedisStreamKeys.HeaderPrefix + name, value));
        }

        try
        {
            var db = redis.GetDatabase();
            await db.StreamAddAsync(RedisStreamKeys.Stream(topic), [.. fields], maxLength: maxLength, useApproximateMaxLength: true).ConfigureAwait(false);
            // The wake-up needs no answer: consumers also poll, so a lost signal costs latency, never a message.
            await redis.GetSubscriber().PublishAsync(RedisStreamKeys.Signal(topic), RedisValue.EmptyString, CommandFlags.FireAndForget).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // RedisTimeoutException is a TimeoutException, not a RedisException: a publish that timed out is a bus failure too.
            throw new BusException($"redis: could not publish to {topic}: {ex.Message}", ex);
        }
    }

    /// <summary>Adds bytes as they are, bypassing the codec (tests of undecodable input).</summary>
    internal Task ProduceRawAsync(string topic, byte[] wire) =>
        redis.GetDatabase().StreamAddAsync(RedisStreamKeys.Stream(topic), RedisStreamKeys.ValueField, wire);

    /// <inheritdoc/>
    public async ValueTask<IBusConsumer> SubscribeAsync(ConsumerSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            return await RedisStreamsConsumer.CreateAsync(redis, settings, codec, claimIdle, logger).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new BusException($"redis: cannot subscribe to {string.Join(", ", settings.Topics)}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<string>> ListTopicsAsync(CancellationToken cancellationToken)
    {
        var topics = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var server in redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(redis.GetDatabase().Database, RedisStreamKeys.Prefix + "*", pageSize: 1000).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                topics.Add(RedisStreamKeys.Topic(key));
            }
        }

        return [.. topics];
    }

    /// <inheritdoc/>
    public async ValueTask EnsureTopicAsync(string topic, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var stream = RedisStreamKeys.Stream(topic);
        if (!await db.KeyExistsAsync(stream).ConfigureAwait(false))
        {
            // A stream exists once it has held an entry; add one and delete it.
            var id = await db.StreamAddAsync(stream, "init", "").ConfigureAwait(false);
            await db.StreamDeleteAsync(stream, [id]).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<BusHealth> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetDatabase().PingAsync().ConfigureAwait(false);
            return new BusHealth(true);
        }
        catch (RedisException ex)
        {
            return new BusHealth(false, $"redis: {ex.Message}");
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
