using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using CrawlCluster.Core.Bus;
using CrawlCluster.KafkaMonitor.Plugins;
using CrawlCluster.KafkaMonitor.Stats;
using CrawlCluster.KafkaMonitor.Validation;
using CrawlCluster.Core.Store;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace CrawlCluster.KafkaMonitor.Ingest;

/// <summary>
/// The Kafka Monitor's loop (CONTRACT.md Part B §1.1): each message is counted, parsed, offered to the plugins in rank
/// order — the first whose schema validates it handles it — or counted as failed. Up to KAFKA_MONITOR_CONCURRENCY
/// messages are handled at once; their bus positions are committed in order, each only after its request was handled
/// (or refused), so nothing is lost when the process dies. Handling starts in arrival order, and the store receives
/// one connection's commands in the order sent, so requests reach the store in the order they were read.
/// A store outage makes the loop retry the same request with back-off; it never skips one and never stops.
/// </summary>
internal sealed class IngestLoop
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(10);
    private readonly IReadOnlyList<RankedPlugin> _plugins;
    private readonly KafkaMonitorStats _stats;
    private readonly KafkaMonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the loop over plugins that are already set up.</summary>
    public IngestLoop(IReadOnlyList<RankedPlugin> plugins, KafkaMonitorStats stats, KafkaMonitorOptions options, TimeProvider time, ILogger logger)
    {
        _plugins = plugins;
        _stats = stats;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Reads and handles messages until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(IBusConsumer consumer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var window = Channel.CreateBounded<(ConsumedMessage Message, Task Handling)>(
            new BoundedChannelOptions(Math.Max(1, _options.Concurrency - 1)) { SingleReader = true, SingleWriter = true });
        var committer = CommitInOrderAsync(consumer, window.Reader);
        try
        {
            await foreach (var message in consumer.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await window.Writer.WriteAsync((message, HandleAsync(message, cancellationToken)), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what is being handled finishes or is left uncommitted, to be delivered again.
        }
        finally
        {
            window.Writer.TryComplete();
        }

        await committer.ConfigureAwait(false);
    }

    /// <summary>Handles one message; true when a plugin handled it, false when it was counted as failed.</summary>
    /// <exception cref="OperationCanceledException">Cancelled, possibly while waiting out a store outage.</exception>
    public async Task<bool> HandleAsync(ConsumedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var messageId = MessageId(message);
        _stats.CountTotal();
        if (message.DecodeError is { } decodeError)
        {
            Log.Undecodable(_logger, messageId, decodeError, parsed: false, valid: false);
            return Fail();
        }

        if (message.Value.Length > _options.MaxRequestBytes)
        {
            Log.TooLarge(_logger, message.Value.Length, _options.MaxRequestBytes, parsed: false, valid: false);
            return Fail();
        }

        var text = message.Text;
        JsonNode? parsed;
        JToken token;
        try
        {
            parsed = JsonNode.Parse(message.Value.Span, documentOptions: ParseOptions);
            token = RequestSchema.ParseForValidation(text);
        }
        catch (Exception ex) when (ex is JsonException or Newtonsoft.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            Log.Unparseable(_logger, parsed: false, valid: false, Truncate(text), ex.Message);
            return Fail();
        }

        // The closest schema (fewest errors, the lower rank on a tie) says what is wrong: a crawl request with a bad
        // maxdepth is told about maxdepth, not about the fields of a domain-config request.
        var closest = "";
        var fewest = int.MaxValue;
        foreach (var ranked in _plugins)
        {
            var errors = ranked.Schema.Validate(token);
            if (errors.Count > 0 || parsed is not JsonObject request)
            {
                if (errors.Count < fewest)
                {
                    fewest = errors.Count;
                    closest = $"{ranked.Plugin.Name}: {string.Join("; ", errors.Take(5))}";
                }

                continue;
            }

            var body = (JsonObject)request.DeepClone();
            ranked.Schema.ApplyDefaults(body);
            body["ts"] = (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10 / 1_000_000.0;
            _stats.CountPlugin(ranked.Plugin.Name);
            return await HandleWithRetriesAsync(ranked.Plugin, new IngestRequest(body, messageId), cancellationToken).ConfigureAwait(false);
        }

        Log.NoSchema(_logger, parsed: true, valid: false, Truncate(text), closest);
        return Fail();
    }

    private async Task<bool> HandleWithRetriesAsync(IKafkaMonitorPlugin plugin, IngestRequest request, CancellationToken cancellationToken)
    {
        var delay = FirstRetry;
        while (true)
        {
            try
            {
                await plugin.HandleAsync(request, cancellationToken).ConfigureAwait(false);
                _stats.CountHandled();
                return true;
            }
            catch (RequestRejectedException ex)
            {
                Log.Rejected(_logger, plugin.Name, ex.Message, Truncate(request.Body.ToJsonString()));
                return Fail();
            }
            catch (StoreException ex) when (ex.Transient)
            {
                Log.StoreOutage(_logger, plugin.Name, request.MessageId, ex.Message, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 < LongestRetry ? delay * 2 : LongestRetry;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.HandlerFailed(_logger, ex, plugin.Name, Truncate(request.Body.ToJsonString()));
                return Fail();
            }
        }
    }

    private async Task CommitInOrderAsync(IBusConsumer consumer, ChannelReader<(ConsumedMessage Message, Task Handling)> window)
    {
        await foreach (var (message, handling) in window.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await handling.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped before it was handled: neither it nor any later message is committed.
                break;
            }

            try
            {
                await consumer.CommitAsync(message, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The request is in the store; an uncommitted message comes again and its push is idempotent. The
                // committer must go on, or the loop would wait forever for room in the window.
                Log.CommitFailed(_logger, message.Topic, message.Partition, message.Position, ex.Message);
            }
        }
    }

    private bool Fail()
    {
        _stats.CountFailed();
        return false;
    }

    /// <summary>
    /// The message's identity: its place on the bus and a digest of its bytes. The digest keeps a different message at
    /// a reused position (the memory bus restarts at 0, a topic can be recreated) from passing for a redelivery.
    /// </summary>
    private static string MessageId(ConsumedMessage message)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(message.Value.Span, digest);
        return $"{message.Topic}:{message.Partition}:{message.Position}:{Convert.ToHexStringLower(digest[..8])}";
    }

    // A hostile message can be a megabyte; the log gets its start.
    private static string Truncate(string text) => text.Length <= 2048 ? text : string.Concat(text.AsSpan(0, 2048), "…");
}
