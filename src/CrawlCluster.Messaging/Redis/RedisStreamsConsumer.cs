using System.Diagnostics;
using System.Runtime.CompilerServices;
using CrawlCluster.Core.Bus;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Core.Signals;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CrawlCluster.Messaging.Redis;

/// <summary>
/// A Redis Streams subscription. With a group: <c>XREADGROUP</c> for new entries, <c>XACK</c> to commit, and
/// <c>XAUTOCLAIM</c> to take over entries another consumer left unacknowledged for longer than the claim idle time
/// (it died, or stopped without committing). Without a group: plain <c>XREAD</c>. Producers publish a wake-up
/// signal, so an idle consumer reacts at once; a poll interval covers producers that do not.
/// </summary>
internal sealed class RedisStreamsConsumer : IBusConsumer
{
    private const int BatchSize = 500;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(5);
    private readonly IDatabase _db;
    private readonly ISubscriber _subscriber;
    private readonly ConsumerSettings _settings;
    private readonly IMessageCodec _codec;
    private readonly ILogger _logger;
    private readonly TimeSpan _claimIdle;
    private readonly TimeSpan _pollInterval;
    private readonly string _consumerName = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private readonly ChangeSignal _signal = new();
    private readonly Dictionary<string, RedisValue> _positions = new(StringComparer.Ordinal);
    private long _lastClaim = long.MinValue;

    private RedisStreamsConsumer(IConnectionMultiplexer redis, ConsumerSettings settings, IMessageCodec codec, TimeSpan claimIdle, ILogger logger)
    {
        _db = redis.GetDatabase();
        _subscriber = redis.GetSubscriber();
        _settings = settings;
        _codec = codec;
        _logger = logger;
        _claimIdle = claimIdle;
        _pollInterval = TimeSpan.FromMilliseconds(Math.Clamp(claimIdle.TotalMilliseconds / 2, 10, 1000));
    }

    public ValueTask WaitUntilReadyAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public static async Task<RedisStreamsConsumer> CreateAsync(IConnectionMultiplexer redis, ConsumerSettings settings, IMessageCodec codec,
        TimeSpan claimIdle, ILogger logger)
    {
        var consumer = new RedisStreamsConsumer(redis, settings, codec, claimIdle, logger);
        foreach (var topic in settings.Topics)
        {
            await consumer._subscriber.SubscribeAsync(RedisStreamKeys.Signal(topic), (_, _) => consumer._signal.Notify()).ConfigureAwait(false);
            var stream = RedisStreamKeys.Stream(topic);
            if (settings.Group is { } group)
            {
                var start = settings.StartPosition == StartPosition.Latest ? StreamPosition.NewMessages : StreamPosition.Beginning;
                try
                {
                    await consumer._db.StreamCreateConsumerGroupAsync(stream, group, start, createStream: true).ConfigureAwait(false);
                }
                catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
                {
                    // The group exists: its position wins, as a Kafka group's committed offsets do.
                }
            }
            else
            {
                consumer._positions[topic] = settings.StartPosition == StartPosition.Latest
                    ? await LastIdAsync(consumer._db, stream).ConfigureAwait(false)
                    : "0-0";
            }
        }

        return consumer;
    }

    public async IAsyncEnumerable<ConsumedMessage> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var topics = string.Join(", ", _settings.Topics);
        long? outageSince = null;
        var delay = FirstRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wake = _signal.Next;
            List<ConsumedMessage> batch;
            try
            {
                batch = _settings.Group is null ? await ReadWithoutGroupAsync().ConfigureAwait(false) : await ReadGroupAsync().ConfigureAwait(false);
            }
            catch (RedisServerException ex) when (_settings.Group is { } group && ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // Redis came back without its data: the stream and the group are new. Reading from the start of the
                // new stream loses nothing that is still there.
                await RecreateGroupsAsync(group).ConfigureAwait(false);
                continue;
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                // A restart, a reset connection, a timeout: what is not committed stays the group's; wait and read again.
                outageSince ??= Stopwatch.GetTimestamp();
                Log.ReadOutage(_logger, topics, ex.Message.Split('\n')[0], (long)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                delay = delay * 2 < LongestRetry ? delay * 2 : LongestRetry;
                continue;
            }
            catch (RedisException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new BusException($"redis: cannot read {topics}: {ex.Message}", ex);
            }

            if (outageSince is { } since)
            {
                Log.ReadRecovered(_logger, topics, Stopwatch.GetElapsedTime(since).TotalSeconds);
                outageSince = null;
                delay = FirstRetry;
            }

            foreach (var message in batch)
            {
                yield return message;
            }

            if (batch.Count == 0)
            {
                try
                {
                    await wake.WaitAsync(_pollInterval, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Poll anyway: a producer that publishes no signal (another program) is still seen.
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
    }

    public async ValueTask CommitAsync(ConsumedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_settings.Group is { } group)
        {
            // Pipelined without waiting: a lost ack only means the message is delivered again (at-least-once), and a
            // round trip per message would cap a consumer at the link's latency.
            await _db.StreamAcknowledgeAsync(RedisStreamKeys.Stream(message.Topic), group, message.Position, CommandFlags.FireAndForget).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var topic in _settings.Topics)
        {
            try
            {
                await _subscriber.UnsubscribeAsync(RedisStreamKeys.Signal(topic)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis is gone: so is the subscription. Disposing must not hide the error that led here.
            }
        }
    }

    // The store's classification (StoreErrors.IsTransient in CrawlCluster.Store, which this project does not reference):
    // unreachable, timed out, or up but not serving yet.
    private static bool IsTransient(Exception exception) => exception is RedisConnectionException or TimeoutException
        || (exception is RedisServerException server && (server.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || server.Message.StartsWith("BUSY ", StringComparison.Ordinal) || server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
            || server.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal)));

    private async Task RecreateGroupsAsync(string group)
    {
        foreach (var topic in _settings.Topics)
        {
            try
            {
                await _db.StreamCreateConsumerGroupAsync(RedisStreamKeys.Stream(topic), group, StreamPosition.Beginning, createStream: true).ConfigureAwait(false);
                Log.GroupRecreated(_logger, group, topic);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
                // Another member of the group made it first.
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                // Away again: the next read tries again.
                return;
            }
        }
    }

    private async Task<List<ConsumedMessage>> ReadGroupAsync()
    {
        var group = _settings.Group!;
        var result = new List<ConsumedMessage>();
        if (_lastClaim == long.MinValue || Stopwatch.GetElapsedTime(_lastClaim) >= _pollInterval)
        {
            _lastClaim = Stopwatch.GetTimestamp();
            foreach (var topic in _settings.Topics)
            {
                var claimed = await _db.StreamAutoClaimAsync(RedisStreamKeys.Stream(topic), group, _consumerName,
                    (long)_claimIdle.TotalMilliseconds, "0-0", BatchSize).ConfigureAwait(false);
                if (claimed.ClaimedEntries.Length > 0)
                {
                    Log.Claimed(_logger, claimed.ClaimedEntries.Length, topic);
                    result.AddRange(claimed.ClaimedEntries.Select(e => ToMessage(topic, e)));
                }
            }

            if (result.Count > 0)
            {
                return result;
            }
        }

        var positions = _settings.Topics.Select(t => new StreamPosition(RedisStreamKeys.Stream(t), StreamPosition.NewMessages)).ToArray();
        var streams = await _db.StreamReadGroupAsync(positions, group, _consumerName, BatchSize).ConfigureAwait(false);
        foreach (var stream in streams)
        {
            var topic = RedisStreamKeys.Topic(stream.Key);
            result.AddRange(stream.Entries.Select(e => ToMessage(topic, e)));
        }

        return result;
    }

    private async Task<List<ConsumedMessage>> ReadWithoutGroupAsync()
    {
        var positions = _settings.Topics.Select(t => new StreamPosition(RedisStreamKeys.Stream(t), _positions[t])).ToArray();
        var streams = await _db.StreamReadAsync(positions, BatchSize).ConfigureAwait(false);
        var result = new List<ConsumedMessage>();
        foreach (var stream in streams)
        {
            var topic = RedisStreamKeys.Topic(stream.Key);
            foreach (var entry in stream.Entries)
            {
                result.Add(ToMessage(topic, entry));
                _positions[topic] = entry.Id;
            }
        }

        return result;
    }

    private ConsumedMessage ToMessage(string topic, StreamEntry entry)
    {
        var value = entry[RedisStreamKeys.ValueField];
        var key = entry[RedisStreamKeys.KeyField];
        var headers = entry.Values
            .Where(v => ((string?)v.Name)?.StartsWith(RedisStreamKeys.HeaderPrefix, StringComparison.Ordinal) == true)
            .ToDictionary(v => ((string)v.Name!)[RedisStreamKeys.HeaderPrefix.Length..], v => (string)v.Value!, StringComparer.Ordinal);
        if (value.IsNull)
        {
            // An entry written by another program, without our payload field.
            return new ConsumedMessage
            {
                Topic = topic,
                Position = entry.Id!,
                Value = ReadOnlyMemory<byte>.Empty,
                DecodeError = $"the stream entry has no '{RedisStreamKeys.ValueField}' field",
                Headers = headers,
            };
        }

        return WireMessage.Decode(_codec, topic, 0, entry.Id!, key.IsNull ? null : (string?)key, (byte[])value!, headers, entry.Id);
    }

    private static async Task<RedisValue> LastIdAsync(IDatabase db, RedisKey stream)
    {
        var last = await db.StreamRangeAsync(stream, "-", "+", count: 1, messageOrder: Order.Descending).ConfigureAwait(false);
        return last.Length == 0 ? "0-0" : last[0].Id;
    }
}
