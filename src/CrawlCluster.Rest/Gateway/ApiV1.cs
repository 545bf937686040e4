using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Contract;
using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Store;
using CrawlCluster.Rest.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CrawlCluster.Rest.Gateway;

/// <summary>
/// The versioned API beyond the original's (<c>/api/v1</c>, described at <c>/openapi/v1.json</c>): a crawl's status and
/// its stop, the crawls of an application, stats, the cluster's domain configuration, and a crawl's progress as
/// server-sent events. Status and configuration are read from the store's ports directly; stop and stats go through
/// the incoming topic and the Redis Monitor, as the original API's requests do, so every instance of every monitor
/// sees them.
/// </summary>
internal sealed partial class ApiV1(OriginalApi original, ICrawlLedger ledger, IDomainConfigStore domains, OutboundEvents events, RestOptions options,
    GatewayTopics topics, IMessageBus bus, TimeProvider time)
{
    private static readonly string[] StatsKinds = ["kafka-monitor", "redis-monitor", "crawler", "spider", "machine", "queue", "rest", "all"];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("v1");
        api.MapGet("/crawls/{appid}/{crawlid}", (string appid, string crawlid, string? spiderid, ApiV1 v1, CancellationToken token) => v1.StatusAsync(appid, crawlid, spiderid, token))
            .WithName("GetCrawl").WithSummary("A crawl's status: pending, in flight, done, failed, retried, finished");
        api.MapDelete("/crawls/{appid}/{crawlid}", (string appid, string crawlid, string? spiderid, ApiV1 v1, CancellationToken token) => v1.StopAsync(appid, crawlid, spiderid, token))
            .WithName("StopCrawl").WithSummary("Stops a crawl: its queued requests are purged, its in-flight ones finish, their links are refused");
        api.MapGet("/crawls", (string appid, string? spiderid, ApiV1 v1, CancellationToken token) => v1.CrawlsAsync(appid, spiderid, token))
            .WithName("ListCrawls").WithSummary("The running crawls of an application (requests queued or in flight, or not yet announced complete), with their counts");
        api.MapGet("/crawls/{appid}/{crawlid}/events", (string appid, string crawlid, string? spiderid, HttpContext context, ApiV1 v1) => v1.EventsAsync(appid, crawlid, spiderid, context))
            .WithName("CrawlEvents").WithSummary("Server-sent events: `progress` when the counts change, the crawl's notices (`crawl_complete`, `stop`, `expired`); ends after crawl_complete")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        api.MapGet("/stats/{kind}", (string kind, string? appid, ApiV1 v1, CancellationToken token) => v1.StatsAsync(kind, appid, token))
            .WithName("GetStats").WithSummary("The cluster's stats: kafka-monitor, redis-monitor, crawler, spider, machine, queue, rest or all");
        api.MapPost("/topics/{topic}/messages", (string topic, HttpContext context, ApiV1 v1) => v1.PublishAsync(topic, context))
            .WithName("PublishMessages").WithSummary("Publishes one JSON value, or each element of a JSON array, to a topic (objects get a `received` time); answers once the bus confirmed");
        api.MapGet("/domains/{domain}", (string domain, ApiV1 v1, CancellationToken token) => v1.GetDomainAsync(domain, token))
            .WithName("GetDomain").WithSummary("A domain's throttle and whether it is blacklisted");
        api.MapPut("/domains/{domain}", (string domain, HttpContext context, ApiV1 v1) => v1.PutDomainAsync(domain, context))
            .WithName("PutDomain").WithSummary("Sets a domain's throttle ({\"window\", \"hits\", \"scale\"}) and/or blacklists it ({\"blacklisted\": true}); crawlers apply it live");
        api.MapDelete("/domains/{domain}", (string domain, ApiV1 v1, CancellationToken token) => v1.DeleteDomainAsync(domain, token))
            .WithName("DeleteDomain").WithSummary("Removes a domain's throttle and takes it off the blacklist");
    }

    private async Task<IResult> StatusAsync(string appId, string crawlId, string? spiderId, CancellationToken token)
    {
        var spider = spiderId ?? "link";
        try
        {
            var status = await ledger.StatusAsync(spider, new CrawlIdentity(appId, crawlId), token).ConfigureAwait(false);
            return Envelope.Success(StatusJson(appId, crawlId, spider, status));
        }
        catch (StoreException)
        {
            return Envelope.Failure(StatusCodes.Status500InternalServerError, Envelope.NoStore);
        }
    }

    internal static JsonObject StatusJson(string appId, string crawlId, string spider, CrawlStatus status) => new()
    {
        ["appid"] = appId,
        ["crawlid"] = crawlId,
        ["spiderid"] = spider,
        ["pending"] = status.Counts.Pending,
        ["in_flight"] = status.Counts.InFlight,
        ["done"] = status.Counts.Done,
        ["failed"] = status.Counts.Failed,
        ["retried"] = status.Retried,
        ["finished"] = status.Counts.Finished && status.Counts.Done + status.Counts.Failed > 0,
        ["first_activity"] = status.FirstActivity?.ToUnixTimeMilliseconds() / 1000.0,
        ["last_activity"] = status.LastActivity?.ToUnixTimeMilliseconds() / 1000.0,
    };

    private async Task<IResult> StopAsync(string appId, string crawlId, string? spiderId, CancellationToken token)
    {
        var uuid = "api-stop-" + Guid.NewGuid().ToString("N")[..12];
        var request = new JsonObject { ["action"] = "stop", ["appid"] = appId, ["crawlid"] = crawlId, ["spiderid"] = spiderId ?? "link", ["uuid"] = uuid };
        return await AskAsync(request.ToJsonString(), uuid, token).ConfigureAwait(false);
    }

    private async Task<IResult> CrawlsAsync(string appId, string? spiderId, CancellationToken token)
    {
        var spider = spiderId ?? "link";
        try
        {
            // Crawls with queued requests, and those the Redis Monitor still watches (in flight, not yet announced complete).
            var ids = new HashSet<string>(await ledger.CrawlIdsAsync(spider, appId, token).ConfigureAwait(false), StringComparer.Ordinal);
            ids.UnionWith((await ledger.ActiveCrawlsAsync(token).ConfigureAwait(false))
                .Where(a => a.SpiderId == spider && a.Crawl.AppId == appId).Select(a => a.Crawl.CrawlId));
            var crawls = new JsonArray();
            foreach (var crawlId in ids.Order(StringComparer.Ordinal))
            {
                crawls.Add(StatusJson(appId, crawlId, spider, await ledger.StatusAsync(spider, new CrawlIdentity(appId, crawlId), token).ConfigureAwait(false)));
            }

            return Envelope.Success(new JsonObject { ["appid"] = appId, ["spiderid"] = spider, ["crawls"] = crawls });
        }
        catch (StoreException)
        {
            return Envelope.Failure(StatusCodes.Status500InternalServerError, Envelope.NoStore);
        }
    }

    private async Task<IResult> StatsAsync(string kind, string? appId, CancellationToken token)
    {
        if (!StatsKinds.Contains(kind, StringComparer.Ordinal))
        {
            return Envelope.Failure(StatusCodes.Status404NotFound, $"No stats '{kind}': one of {string.Join(", ", StatsKinds)}");
        }

        var uuid = "api-stats-" + Guid.NewGuid().ToString("N")[..12];
        var request = new JsonObject { ["stats"] = kind, ["appid"] = appId ?? "crawlcluster-api", ["uuid"] = uuid };
        return await AskAsync(request.ToJsonString(), uuid, token).ConfigureAwait(false);
    }

    /// <summary>Sends a request with a uuid and answers with the Redis Monitor's answer, or 202 with a poll_id when it is late.</summary>
    private async Task<IResult> AskAsync(string request, string uuid, CancellationToken token)
    {
        var (answer, failure) = await original.SendAndWaitAsync(request, uuid, token, TimeSpan.FromSeconds(Math.Max(options.WaitForResponseSeconds, 1))).ConfigureAwait(false);
        return failure ?? (answer is not null ? Envelope.Success(answer) : Envelope.Success(new JsonObject { ["poll_id"] = uuid }, StatusCodes.Status202Accepted));
    }

    /// <summary>
    /// The path from HTTP through the bus into a database (with a sink on the topic): each value is produced, objects
    /// with a <c>received</c> time (naive UTC, the wire's timestamp form) unless they carry one, and the answer waits for
    /// the bus to confirm them all. The incoming topic is refused: its requests go through <c>/feed</c>, which checks them.
    /// </summary>
    private async Task<IResult> PublishAsync(string topic, HttpContext context)
    {
        if (!TopicName().IsMatch(topic))
        {
            return Envelope.Failure(StatusCodes.Status400BadRequest, "A topic name is 1 to 249 letters, digits, '.', '_' or '-'.");
        }

        if (topic == topics.Incoming)
        {
            return Envelope.Failure(StatusCodes.Status400BadRequest, $"Requests for {topic} go through POST /feed, which checks them.");
        }

        var (json, _, failure) = await JsonBody.ReadAsync(context.Request, options.MaxBodyBytes).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        var (values, received) = ReceivedStamp.Apply(json, time.GetUtcNow());

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.FeedTimeoutSeconds));
        try
        {
            await Task.WhenAll(values.Select(v => bus.ProduceAsync(topic, BusMessage.FromJson(v?.ToJsonString() ?? "null"), timeout.Token).AsTask())).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is BusException || (ex is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            return Envelope.Failure(StatusCodes.Status500InternalServerError, Envelope.NoBus);
        }

        return Envelope.Success(new JsonObject { ["topic"] = topic, ["published"] = values.Count, ["received"] = received });
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._-]{1,249}$")]
    private static partial System.Text.RegularExpressions.Regex TopicName();

    private async Task<IResult> GetDomainAsync(string domain, CancellationToken token)
    {
        try
        {
            var (config, version) = await domains.ReadAsync(token).ConfigureAwait(false);
            return Envelope.Success(DomainJson(domain, config, version));
        }
        catch (StoreException)
        {
            return Envelope.Failure(StatusCodes.Status500InternalServerError, Envelope.NoStore);
        }
    }

    private async Task<IResult> PutDomainAsync(string domain, HttpContext context)
    {
        var (json, _, failure) = await JsonBody.ReadAsync(context.Request, options.MaxBodyBytes).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        if (DomainChange(json, out var throttle, out var blacklisted) is { } cause)
        {
            return Envelope.Failure(StatusCodes.Status400BadRequest, Envelope.SchemaFailed, cause);
        }

        try
        {
            var config = await domains.UpdateAsync(current =>
            {
                var next = throttle is null ? current : current.WithDomain(domain, throttle);
                return blacklisted switch { true => next.WithBlacklisted(domain), false => next.WithoutBlacklisted(domain), null => next };
            }, context.RequestAborted).ConfigureAwait(false);
            return Envelope.Success(DomainJson(domain, config, null));
        }
        catch (StoreException)
        {
            return Envelope.Failure(StatusCodes.Status500InternalServerError, Envelope.NoStore);
        }
    }

    private async Task<IResult> DeleteDomainAsync(string domain, CancellationToken token)
    {
        try
        {
            var config = await domains.UpdateAsync(current => current.WithoutDomain(domain).WithoutBlacklisted(domain), token).ConfigureAwait(false);
            return Envelope.Success(DomainJson(domain, config, null));
        }
        catch (StoreException)
        {
            return Envelope.Failure(StatusCodes.Status500InternalServerError, Envelope.NoStore);
        }
    }

    /// <summary>Reads a PUT body: <c>window</c> and <c>hits</c> (positive integers) with optional <c>scale</c> (0..1], and/or <c>blacklisted</c>.</summary>
    internal static string? DomainChange(JsonNode? json, out DomainThrottle? throttle, out bool? blacklisted)
    {
        throttle = null;
        blacklisted = null;
        if (json is not JsonObject body)
        {
            return "the body must be a JSON object";
        }

        if (body.Select(p => p.Key).FirstOrDefault(k => k is not ("window" or "hits" or "scale" or "blacklisted")) is { } extra)
        {
            return $"'{extra}' is not a field (window, hits, scale, blacklisted)";
        }

        if (body.ContainsKey("blacklisted"))
        {
            if (body["blacklisted"] is not JsonValue flag || flag.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                return "blacklisted must be true or false";
            }

            blacklisted = flag.GetValue<bool>();
        }

        if (body.ContainsKey("window") || body.ContainsKey("hits") || body.ContainsKey("scale"))
        {
            if (!PositiveInt(body["window"], out var window) || !PositiveInt(body["hits"], out var hits))
            {
                return "window and hits must both be positive integers";
            }

            double? scale = null;
            if (body["scale"] is { } scaleNode)
            {
                if (scaleNode is not JsonValue s || !s.TryGetValue<double>(out var value) || value is <= 0 or > 1)
                {
                    return "scale must be a number above 0 and at most 1";
                }

                scale = value;
            }

            throttle = new DomainThrottle(window, hits, scale);
        }

        return throttle is null && blacklisted is null ? "give window and hits, or blacklisted" : null;
    }

    private static bool PositiveInt(JsonNode? node, out int value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out value) && value > 0;
    }

    private static JsonObject DomainJson(string domain, ClusterDomainConfig config, long? version) => new()
    {
        ["domain"] = domain,
        ["throttle"] = config.Domains.TryGetValue(domain, out var t)
            ? new JsonObject { ["window"] = t.Window, ["hits"] = t.Hits, ["scale"] = t.Scale }
            : null,
        ["blacklisted"] = config.Blacklist.Contains(domain, StringComparer.Ordinal),
        ["version"] = version,
    };

    /// <summary>
    /// Streams a crawl's progress as server-sent events: <c>progress</c> (its status) at the start and whenever it
    /// changes, and every outbound notice about it (<c>crawl_complete</c>, a stop's answer, <c>expired</c>) under its
    /// action's name. The stream ends after <c>crawl_complete</c> or when the client goes.
    /// </summary>
    private async Task EventsAsync(string appId, string crawlId, string? spiderId, HttpContext context)
    {
        var spider = spiderId ?? "link";
        var token = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = events.Subscribe();
        string? last = null;
        var crawl = new CrawlIdentity(appId, crawlId);
        try
        {
            while (!token.IsCancellationRequested)
            {
                var status = StatusJson(appId, crawlId, spider, await ledger.StatusAsync(spider, crawl, token).ConfigureAwait(false)).ToJsonString();
                if (status != last)
                {
                    await WriteEventAsync(context.Response, "progress", status, token).ConfigureAwait(false);
                    last = status;
                }

                // Notices as they come; the counts again after a second (or sooner, when a notice arrives).
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(token);
                tick.CancelAfter(TimeSpan.FromSeconds(1));
                try
                {
                    while (await subscription.Reader.WaitToReadAsync(tick.Token).ConfigureAwait(false))
                    {
                        while (subscription.Reader.TryRead(out var notice))
                        {
                            if (notice["appid"]?.ToString() != appId || notice["crawlid"]?.ToString() != crawlId)
                            {
                                continue;
                            }

                            var action = notice["action"]?.ToString() ?? "notice";
                            await WriteEventAsync(context.Response, action, notice.ToJsonString(), token).ConfigureAwait(false);
                            if (action == "crawl_complete")
                            {
                                var final = StatusJson(appId, crawlId, spider, await ledger.StatusAsync(spider, crawl, token).ConfigureAwait(false)).ToJsonString();
                                if (final != last)
                                {
                                    await WriteEventAsync(context.Response, "progress", final, token).ConfigureAwait(false);
                                }

                                return;
                            }
                        }

                        break;
                    }
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    // A second passed: look at the counts again (a comment keeps proxies from closing a quiet stream).
                    await context.Response.WriteAsync(": " + time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "\n\n", token).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (StoreException ex)
        {
            await WriteEventAsync(context.Response, "error", new JsonObject { ["message"] = Envelope.NoStore, ["cause"] = ex.Message }.ToJsonString(), CancellationToken.None)
                .ConfigureAwait(false);
        }
    }

    internal static async Task WriteEventAsync(HttpResponse response, string name, string data, CancellationToken token)
    {
        await response.WriteAsync($"event: {name}\ndata: {data}\n\n", token).ConfigureAwait(false);
        await response.Body.FlushAsync(token).ConfigureAwait(false);
    }
}
