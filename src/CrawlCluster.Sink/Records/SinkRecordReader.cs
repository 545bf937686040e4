using System.Globalization;
using System.Text.Json;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Sink;

namespace CrawlCluster.Sink.Records;

/// <summary>
/// Turns a message from the bus into the row it becomes — a crawled page's typed columns, or an event's JSON — or into a
/// dead letter with the reason when it cannot be a row. Never throws on bad input.
/// </summary>
internal static class SinkRecordReader
{
    // Deeper values are refused here with a reason rather than by the database mid-batch.
    private static readonly JsonDocumentOptions Limits = new() { MaxDepth = 64 };

    /// <summary>Whether messages of <paramref name="topic"/> are crawled pages: <c>&lt;prefix&gt;.crawled_firehose</c> and <c>&lt;prefix&gt;.crawled_&lt;appid&gt;</c>.</summary>
    public static bool CarriesPages(string topic)
    {
        var dot = topic.LastIndexOf('.');
        return topic.AsSpan(dot + 1).StartsWith("crawled_", StringComparison.Ordinal);
    }

    /// <summary>The record for <paramref name="message"/>, or null with <paramref name="deadLetter"/> saying why not.</summary>
    public static SinkRecord? Read(ConsumedMessage message, DateTimeOffset receivedAt, out DeadLetter? deadLetter)
    {
        deadLetter = null;
        if (message.DecodeError is { } decodeError)
        {
            deadLetter = Dead(message, receivedAt, "undecodable message: " + decodeError);
            return null;
        }

        PageColumns? page = null;
        try
        {
            using var document = JsonDocument.Parse(message.Value, Limits);
            if (CarriesPages(message.Topic))
            {
                page = ReadPage(document.RootElement, out var error);
                if (page is null)
                {
                    deadLetter = Dead(message, receivedAt, "not a crawled page: " + error);
                    return null;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string with a lone surrogate escape ("\ud800"), valid JSON syntax but no text.
            deadLetter = Dead(message, receivedAt, "invalid JSON: " + OneLine(ex.Message));
            return null;
        }

        return new SinkRecord
        {
            Topic = message.Topic,
            Partition = message.Partition,
            Position = message.Position,
            Key = message.Key,
            ReceivedAt = receivedAt,
            Page = page,
            Payload = message.Value,
        };
    }

    /// <summary>A dead letter for a record the database refused.</summary>
    public static DeadLetter Refused(SinkRecord record, string reason) => new()
    {
        Topic = record.Topic,
        Partition = record.Partition,
        Position = record.Position,
        Key = record.Key,
        ReceivedAt = record.ReceivedAt,
        Error = "refused by the database: " + OneLine(reason),
        Payload = record.Payload,
    };

    private static PageColumns? ReadPage(JsonElement root, out string? error)
    {
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object";
            return null;
        }

        if (Text(root, "url") is not { Length: > 0 } url)
        {
            error = "no url";
            return null;
        }

        var body = Text(root, "body");
        byte[]? bodyBytes = null;
        if (body is not null && string.Equals(Text(root, "body_encoding"), "base64", StringComparison.OrdinalIgnoreCase))
        {
            var buffer = new byte[body.Length * 3 / 4 + 3];
            if (Convert.TryFromBase64String(body, buffer, out var written))
            {
                bodyBytes = buffer[..written];
                body = null;
            }
        }

        return new PageColumns
        {
            Url = url,
            CrawlId = Text(root, "crawlid"),
            AppId = Text(root, "appid"),
            ResponseUrl = Text(root, "response_url"),
            StatusCode = root.TryGetProperty("status_code", out var status) && status.TryGetInt32(out var code) ? code : null,
            CrawledAt = Timestamp(Text(root, "timestamp")),
            Encoding = Text(root, "encoding"),
            Body = body,
            BodyBytes = bodyBytes,
            ResponseHeaders = Raw(root, "response_headers"),
            RequestHeaders = Raw(root, "request_headers"),
            Links = Raw(root, "links"),
            Attrs = Raw(root, "attrs"),
        };
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Raw(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetRawText() : null;

    // The wire's timestamps are naive UTC ("2016-01-05T20:14:54.653703"); an offset, when a producer adds one, is honoured.
    private static DateTimeOffset? Timestamp(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;

    private static DeadLetter Dead(ConsumedMessage message, DateTimeOffset receivedAt, string error) => new()
    {
        Topic = message.Topic,
        Partition = message.Partition,
        Position = message.Position,
        Key = message.Key,
        ReceivedAt = receivedAt,
        Error = error,
        Payload = message.Value,
    };

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 500 ? line : line[..500] + "…";
    }
}
