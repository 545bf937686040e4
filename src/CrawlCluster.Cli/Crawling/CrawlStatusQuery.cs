using System.Text.Json;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Frontier;

namespace CrawlCluster.Cli.Crawling;

/// <summary>
/// Asks the cluster for a crawl's status the way any application does: a <c>status</c> action on the incoming topic,
/// answered by the Redis Monitor on the outbound topic. <c>crawl</c> prints its final figures from this answer, so
/// every local crawl goes through the same API a cluster user relies on.
/// </summary>
internal static class CrawlStatusQuery
{
    /// <summary>The monitor's answer, or null when none came within <paramref name="timeout"/>.</summary>
    public static async Task<CrawlStatusAnswer?> AskAsync(IMessageBus bus, string incomingTopic, string outboundTopic, string spiderId, CrawlIdentity crawl,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var uuid = "crawl-status-" + Guid.NewGuid().ToString("N")[..12];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using var answers = await bus.SubscribeAsync(new ConsumerSettings([outboundTopic], Group: null), deadline.Token).ConfigureAwait(false);
            await answers.WaitUntilReadyAsync(deadline.Token).ConfigureAwait(false);
            var request = new JsonObject
            {
                ["action"] = "status",
                ["appid"] = crawl.AppId,
                ["crawlid"] = crawl.CrawlId,
                ["spiderid"] = spiderId,
                ["uuid"] = uuid,
            };
            await bus.ProduceAsync(incomingTopic, BusMessage.FromJson(request.ToJsonString()), deadline.Token).ConfigureAwait(false);
            await foreach (var message in answers.ReadAsync(deadline.Token).ConfigureAwait(false))
            {
                if (Parse(message.Value.Span, uuid) is { } answer)
                {
                    return answer;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // No answer in time: the caller says so and falls back to the store's counters.
        }

        return null;
    }

    /// <summary>The status answer with this uuid; null for any other message on the topic.</summary>
    internal static CrawlStatusAnswer? Parse(ReadOnlySpan<byte> json, string uuid)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject answer
                || answer["uuid"]?.GetValueKind() != JsonValueKind.String || answer["uuid"]!.GetValue<string>() != uuid
                || answer["action"]?.GetValueKind() != JsonValueKind.String || answer["action"]!.GetValue<string>() != "status")
            {
                return null;
            }

            if (answer["error"] is { } error)
            {
                return new CrawlStatusAnswer(null, 0, error.ToString());
            }

            var counts = new CrawlCounts(Long(answer, "pending"), Long(answer, "in_flight"), Long(answer, "done"), Long(answer, "failed"));
            return new CrawlStatusAnswer(counts, Long(answer, "retried"), null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // Other applications' messages share the topic; one that is not JSON is simply not ours.
            return null;
        }
    }

    private static long Long(JsonObject answer, string name) => answer[name]?.GetValue<long>() ?? 0;
}

/// <summary>A status answer: the counters, or the monitor's error when it could not answer.</summary>
internal sealed record CrawlStatusAnswer(CrawlCounts? Counts, long Retried, string? Error);
