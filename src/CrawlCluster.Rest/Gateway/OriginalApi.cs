using System.Text.Json;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Ingest;
using CrawlCluster.Core.Rest;
using CrawlCluster.Core.Store;
using CrawlCluster.Rest.Api;
using CrawlCluster.Rest.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Rest.Gateway;

/// <summary>
/// The original Rest service's endpoints — <c>GET|POST /</c>, <c>POST /feed</c>, <c>POST /poll</c> — with its envelope
/// and error table, and its weaknesses fixed: <c>/feed</c> refuses what the Kafka Monitor would refuse before producing
/// anything, waits on a signal instead of a busy loop, registers its waiter before producing, and leaves nothing behind
/// when its caller gives up; answers kept for <c>/poll</c> expire.
/// </summary>
internal sealed class OriginalApi(IMessageBus bus, IRequestChecker checker, AnswerWaiters waiters, AnswerRouter router, IPollStore polls,
    IStoreHealth store, GatewayIdentity identity, RestOptions options, GatewayTopics topics, ILogger<OriginalApi> logger)
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/", ["GET", "POST"], (HttpContext context, OriginalApi api) => api.IndexAsync(context)).ExcludeFromDescription();
        endpoints.Map("/feed", (HttpContext context, OriginalApi api) => api.FeedAsync(context)).ExcludeFromDescription();
        endpoints.Map("/poll", (HttpContext context, OriginalApi api) => api.PollAsync(context)).ExcludeFromDescription();
    }

    /// <summary>The connection health of this instance: GREEN with the bus and the store, YELLOW with one, RED with none.</summary>
    public async Task<JsonObject> StatusAsync(CancellationToken cancellationToken)
    {
        var busConnected = router.Reading && (await bus.CheckHealthAsync(cancellationToken).ConfigureAwait(false)).Connected;
        var storeConnected = await store.CheckAsync(cancellationToken).ConfigureAwait(false) is null;
        return new JsonObject
        {
            ["kafka_connected"] = busConnected,
            ["my_id"] = identity.Process.Id,
            ["node_health"] = (busConnected, storeConnected) switch { (true, true) => "GREEN", (false, false) => "RED", _ => "YELLOW" },
            ["redis_connected"] = storeConnected,
            ["uptime_sec"] = identity.UptimeSeconds,
        };
    }

    private async Task<IResult> IndexAsync(HttpContext context)
    {
        if (DashboardEndpoints.WantsPage(context.Request))
        {
            return DashboardEndpoints.Page(context);
        }

        Called("index", null);
        return Results.Text(Envelope.Json(await StatusAsync(context.RequestAborted).ConfigureAwait(false)), "application/json");
    }

    private async Task<IResult> FeedAsync(HttpContext context)
    {
        var (json, text, failure) = await ReadPostAsync(context, "feed").ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        var verdict = checker.Check(text!);
        if (!verdict.Accepted)
        {
            return Envelope.Failure(StatusCodes.Status400BadRequest, Envelope.SchemaFailed, string.Join("; ", verdict.Errors));
        }

        var uuid = json is JsonObject obj && obj["uuid"] is JsonValue value && value.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;
        return await SendAndWaitAsync(text!, uuid, context.RequestAborted).ConfigureAwait(false) switch
        {
            { Failure: { } error } => error,
            { Answer: { } answer } => Envelope.Success(answer),
            _ when uuid is null => Envelope.Success(null),
            _ => Envelope.Success(new JsonObject { ["poll_id"] = uuid }),
        };
    }

    /// <summary>
    /// Produces <paramref name="request"/> to the incoming topic and, when it has a uuid, waits up to
    /// WAIT_FOR_RESPONSE_TIME for its answer. Used by <c>/feed</c> and the <c>/api/v1</c> endpoints.
    /// </summary>
    public async Task<(JsonNode? Answer, IResult? Failure)> SendAndWaitAsync(string request, string? uuid, CancellationToken aborted, TimeSpan? wait = null)
    {
        var waiter = uuid is null ? null : waiters.Register(uuid);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.FeedTimeoutSeconds));
            try
            {
                // Answers to a request produced before the outbound topic is read could be missed: wait for it.
                await router.Ready.WaitAsync(timeout.Token).ConfigureAwait(false);
                await bus.ProduceAsync(topics.Incoming, BusMessage.FromJson(request), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BusException || (ex is OperationCanceledException && !aborted.IsCancellationRequested))
            {
                Log.ProduceFailed(logger, topics.Incoming, ex is BusException ? ex.Message : $"no answer within KAFKA_FEED_TIMEOUT ({options.FeedTimeoutSeconds} s)");
                return (null, Envelope.Failure(StatusCodes.Status500InternalServerError, Envelope.NoBus));
            }

            if (waiter is null)
            {
                return (null, null);
            }

            try
            {
                return (await waiter.Task.WaitAsync(wait ?? TimeSpan.FromSeconds(options.WaitForResponseSeconds), aborted).ConfigureAwait(false), null);
            }
            catch (TimeoutException)
            {
                return (null, null);
            }
        }
        finally
        {
            if (waiter is not null)
            {
                waiters.Remove(uuid!, waiter);
            }
        }
    }

    private async Task<IResult> PollAsync(HttpContext context)
    {
        var (json, _, failure) = await ReadPostAsync(context, "poll").ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        if (PollSchemaError(json) is { } cause)
        {
            return Envelope.Failure(StatusCodes.Status400BadRequest, Envelope.SchemaFailed, cause);
        }

        var pollId = json!["poll_id"]!.GetValue<string>();
        string? stored;
        try
        {
            stored = await polls.TakeAsync(pollId, TimeSpan.FromSeconds(options.PollTtlSeconds), context.RequestAborted).ConfigureAwait(false);
        }
        catch (StoreException)
        {
            return Envelope.Failure(StatusCodes.Status500InternalServerError, Envelope.NoStore);
        }

        if (stored is null)
        {
            return Envelope.Failure(StatusCodes.Status404NotFound, Envelope.NoPoll);
        }

        try
        {
            return Envelope.Success(JsonNode.Parse(stored));
        }
        catch (JsonException)
        {
            return Envelope.Failure(StatusCodes.Status500InternalServerError, Envelope.UnparseablePoll);
        }
    }

    /// <summary>The original's poll.json: an object with only <c>poll_id</c>, a string of 1 to 100 characters; jsonschema's wording.</summary>
    internal static string? PollSchemaError(JsonNode? json)
    {
        if (json is not JsonObject obj)
        {
            return $"{Python(json)} is not of type 'object'";
        }

        if (obj.Select(p => p.Key).FirstOrDefault(k => k != "poll_id") is { } extra)
        {
            return $"Additional properties are not allowed ('{extra}' was unexpected)";
        }

        if (!obj.TryGetPropertyValue("poll_id", out var id))
        {
            return "'poll_id' is a required property";
        }

        if (id is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return $"{Python(id)} is not of type 'string'";
        }

        var text = value.GetValue<string>();
        return text.Length switch
        {
            0 => "'' is too short",
            > 100 => $"'{text}' is too long",
            _ => null,
        };
    }

    private static string Python(JsonNode? node) => node switch
    {
        null => "None",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"'{v.GetValue<string>()}'",
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "True",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "False",
        _ => node.ToJsonString(),
    };

    /// <summary>The JSON body of a POST to <paramref name="endpoint"/> (logged), or the failure to answer with: 404 for other methods, as the original.</summary>
    private async Task<(JsonNode? Json, string? Text, IResult? Failure)> ReadPostAsync(HttpContext context, string endpoint)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return (null, null, Envelope.Failure(StatusCodes.Status404NotFound, Envelope.NotFound));
        }

        var read = await JsonBody.ReadAsync(context.Request, options.MaxBodyBytes).ConfigureAwait(false);
        if (read.Failure is null)
        {
            Called(endpoint, read.Text);
        }

        return read;
    }

    private void Called(string endpoint, string? content)
    {
        if (options.RequestLogging)
        {
            Log.EndpointCalled(logger, endpoint, content ?? "");
        }
    }
}
