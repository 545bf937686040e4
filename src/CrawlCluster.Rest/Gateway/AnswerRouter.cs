using System.Text.Json;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Rest;
using CrawlCluster.Core.Store;
using CrawlCluster.Rest.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Rest.Gateway;

/// <summary>
/// Reads the outbound firehose (no group, from the latest message, as the original) and routes each answer that has a
/// <c>uuid</c>: to the <c>/feed</c> call of this instance waiting for it, woken at once (the original drained the
/// topic once a second and busy-waited), or else into the poll store with REST_POLL_TTL, where <c>/poll</c> on any
/// instance finds it. Answers without a uuid (expiry notices) are only offered to the event streams.
/// </summary>
internal sealed class AnswerRouter(IMessageBus bus, IPollStore polls, AnswerWaiters waiters, OutboundEvents events, RestOptions options,
    GatewayTopics topics, ILogger<AnswerRouter> logger) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the outbound topic is read: answers to requests produced after it are never missed.</summary>
    public Task Ready => _ready.Task;

    /// <summary>True while the outbound topic is being read.</summary>
    public bool Reading { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A bus that goes away is waited for (the gateway answers 500 meanwhile), never a reason to stop.
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await ReadAsync(stoppingToken).ConfigureAwait(false);
                attempt = 0;
            }
            catch (BusException ex)
            {
                Reading = false;
                var wait = TimeSpan.FromMilliseconds(Math.Min(10_000, 250 * Math.Pow(2, Math.Min(attempt, 6))));
                Log.OutboundUnreadable(logger, topics.Outbound, ex.Message, wait.TotalSeconds);
                try
                {
                    await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task ReadAsync(CancellationToken stoppingToken)
    {
        await using var consumer = await bus.SubscribeAsync(new ConsumerSettings([topics.Outbound], Group: null, StartPosition.Latest), stoppingToken)
            .ConfigureAwait(false);
        await consumer.WaitUntilReadyAsync(stoppingToken).ConfigureAwait(false);
        Reading = true;
        _ready.TrySetResult();
        try
        {
            await foreach (var message in consumer.ReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await RouteAsync(message, stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Reading = false;
        }
    }

    private async Task RouteAsync(ConsumedMessage message, CancellationToken stoppingToken)
    {
        JsonNode? answer;
        try
        {
            answer = message.DecodeError is null ? JsonNode.Parse(message.Value.Span) : null;
        }
        catch (JsonException ex)
        {
            Log.BadOutbound(logger, ex.Message);
            return;
        }

        if (answer is not JsonObject obj)
        {
            return;
        }

        events.Publish(obj);
        if (obj["uuid"] is not JsonValue uuidValue || !uuidValue.TryGetValue<string>(out var uuid) || uuid.Length == 0)
        {
            return;
        }

        if (waiters.TryAnswer(uuid, obj))
        {
            return;
        }

        try
        {
            await polls.SaveAsync(uuid, obj.ToJsonString(), TimeSpan.FromSeconds(options.PollTtlSeconds), stoppingToken).ConfigureAwait(false);
        }
        catch (StoreException ex)
        {
            // The answer is lost for /poll, not for the cluster: its requester can ask again.
            Log.PollSaveFailed(logger, uuid, ex.Message);
        }
    }
}
