using System.Text;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;

namespace CrawlCluster.Sink.Tests;

/// <summary>Messages as the crawler and other producers publish them.</summary>
internal static class SinkMessages
{
    public const string Pages = "demo.crawled_firehose";

    public const string Events = "demo.events";

    /// <summary>A crawled page as the crawler publishes it, number <paramref name="i"/>.</summary>
    public static JsonObject Page(int i, string crawlId = "crawl1", string? body = null, string timestamp = "2026-12-02T10:00:00.123456") => new()
    {
        ["appid"] = "testapp",
        ["attrs"] = new JsonObject { ["n"] = i },
        ["body"] = body ?? $"<html><title>Page {i}</title></html>",
        ["crawlid"] = crawlId,
        ["encoding"] = "utf-8",
        ["links"] = new JsonArray(new JsonObject { ["url"] = $"http://127.0.0.1/p{i + 1}", ["text"] = "next" }),
        ["request_headers"] = new JsonObject { ["User-Agent"] = new JsonArray("crawlcluster") },
        ["response_headers"] = new JsonObject { ["Content-Type"] = new JsonArray("text/html") },
        ["response_url"] = $"http://127.0.0.1/p{i}",
        ["status_code"] = 200,
        ["status_msg"] = "OK",
        ["timestamp"] = timestamp,
        ["url"] = $"http://127.0.0.1/p{i}",
    };

    public static ConsumedMessage Consumed(string topic, JsonNode value, string position, int partition = 0) =>
        Consumed(topic, Encoding.UTF8.GetBytes(value.ToJsonString()), position, partition);

    public static ConsumedMessage Consumed(string topic, byte[] value, string position, int partition = 0, string? decodeError = null) => new()
    {
        Topic = topic,
        Partition = partition,
        Position = position,
        Value = value,
        DecodeError = decodeError,
    };
}
