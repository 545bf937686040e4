using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Json;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Requests;

namespace CrawlCluster.Crawler.Pipelines;

/// <summary>
/// The crawled-page message (CONTRACT.md Part B §2.9), a <see cref="CrawledPage"/>: ujson with sorted keys — appid, attrs, body, crawlid,
/// encoding, links, request_headers, response_headers, response_url, status_code, status_msg (always "OK"),
/// timestamp (naive UTC ISO-8601), url. The body is text in its encoding, or base64 with KAFKA_BASE_64_ENCODE. A body
/// that is not valid in its encoding is never lost to the original's "json failed to parse": it is sent as base64 of
/// the raw bytes, with <c>body_encoding: "base64"</c> saying so (docs/compatibility.md).
/// </summary>
internal static class CrawledPageMessage
{
    /// <summary>The message for a crawled item; fields a pipeline added go in beside the original's, which they never replace.</summary>
    public static string Build(CrawledItem item, bool base64Body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Build(item.Request, item.Response, item.Encoding, item.Links, base64Body, now, item.Attrs, item.Fields);
    }

    /// <summary>The message for one response.</summary>
    /// <param name="task">The request.</param>
    /// <param name="response">Its response.</param>
    /// <param name="encoding">The body's encoding.</param>
    /// <param name="links">The links found.</param>
    /// <param name="base64Body">KAFKA_BASE_64_ENCODE.</param>
    /// <param name="now">The time.</param>
    /// <param name="attrs">The attrs a spider set, or null for the request's.</param>
    /// <param name="fields">Fields a pipeline added, or null.</param>
    public static string Build(CrawlTask task, DownloadResult response, string encoding, IReadOnlyList<CrawledLink> links, bool base64Body, DateTimeOffset now,
        JsonObject? attrs = null, JsonObject? fields = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(links);
        var (body, bodyEncoding) = Body(response.Body, encoding, base64Body);
        var attributes = attrs ?? task.Meta["attrs"];
        return fields is null || fields.Count == 0
            ? Write(task, response, encoding, links, body, bodyEncoding, attributes, Timestamp(now))
            : ThroughNode(task, response, encoding, links, body, bodyEncoding, attributes, Timestamp(now), fields);
    }

    /// <summary>
    /// The message written member by member in sorted key order: what <see cref="ThroughNode"/> produces, byte for byte,
    /// without building a node tree of the page first (most of the cost of a page's message before).
    /// </summary>
    internal static string Write(CrawlTask task, DownloadResult response, string encoding, IReadOnlyList<CrawledLink> links, string body, string? bodyEncoding,
        JsonNode? attrs, string timestamp)
    {
        const WireJsonStyle Style = WireJsonStyle.Ujson;
        var output = new StringBuilder(body.Length + 256 + (links.Count * 96));
        output.Append('{');
        Name(output, "appid", first: true);
        WireJson.WriteString(output, task.AppId, Style);
        Name(output, "attrs");
        WireJson.Write(output, attrs, Style, sortKeys: true);
        Name(output, "body");
        WireJson.WriteString(output, body, Style);
        if (bodyEncoding is not null)
        {
            Name(output, "body_encoding");
            WireJson.WriteString(output, bodyEncoding, Style);
        }

        Name(output, "crawlid");
        WireJson.WriteString(output, task.CrawlId, Style);
        Name(output, "encoding");
        WireJson.WriteString(output, encoding, Style);
        Name(output, "links");
        output.Append('[');
        for (var i = 0; i < links.Count; i++)
        {
            output.Append(i == 0 ? "{\"text\":" : ",{\"text\":");
            WireJson.WriteString(output, links[i].Text, Style);
            output.Append(",\"url\":");
            WireJson.WriteString(output, links[i].Url, Style);
            output.Append('}');
        }

        output.Append(']');
        Name(output, "request_headers");
        WriteHeaders(output, response.RequestHeaders);
        Name(output, "response_headers");
        WriteHeaders(output, response.ResponseHeaders);
        Name(output, "response_url");
        WireJson.WriteString(output, response.ResponseUrl.AbsoluteUri, Style);
        Name(output, "status_code");
        output.Append(response.StatusCode.ToString(CultureInfo.InvariantCulture));
        Name(output, "status_msg");
        output.Append("\"OK\"");
        Name(output, "timestamp");
        WireJson.WriteString(output, timestamp, Style);
        Name(output, "url");
        WireJson.WriteString(output, response.ResponseUrl.AbsoluteUri, Style);
        output.Append('}');
        return output.ToString();

        static void Name(StringBuilder output, string name, bool first = false) => output.Append(first ? "\"" : ",\"").Append(name).Append("\":");

        static void WriteHeaders(StringBuilder output, IReadOnlyDictionary<string, string[]> headers)
        {
            output.Append('{');
            var first = true;
            foreach (var name in headers.Keys.Order(StringComparer.Ordinal))
            {
                output.Append(first ? "" : ",");
                first = false;
                WireJson.WriteString(output, name, Style);
                output.Append(":[");
                var values = headers[name];
                for (var i = 0; i < values.Length; i++)
                {
                    output.Append(i == 0 ? "" : ",");
                    WireJson.WriteString(output, values[i], Style);
                }

                output.Append(']');
            }

            output.Append('}');
        }
    }

    /// <summary>The message through a <see cref="CrawledPage"/> node tree, with the fields a pipeline added beside the original's.</summary>
    internal static string ThroughNode(CrawlTask task, DownloadResult response, string encoding, IReadOnlyList<CrawledLink> links, string body, string? bodyEncoding,
        JsonNode? attrs, string timestamp, JsonObject? fields)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(response);
        var message = new CrawledPage
        {
            AppId = task.AppId,
            Attrs = attrs?.DeepClone(),
            Body = body,
            BodyEncoding = bodyEncoding,
            CrawlId = task.CrawlId,
            Encoding = encoding,
            Links = [.. links],
            RequestHeaders = Headers(response.RequestHeaders),
            ResponseHeaders = Headers(response.ResponseHeaders),
            ResponseUrl = response.ResponseUrl.AbsoluteUri,
            StatusCode = response.StatusCode,
            Timestamp = timestamp,
            Url = response.ResponseUrl.AbsoluteUri,
        };

        // Fields a pipeline added go in beside the original's, never over them.
        var node = JsonSerializer.SerializeToNode(message, ContractJsonContext.Default.CrawledPage)!.AsObject();
        foreach (var (name, value) in fields ?? [])
        {
            if (!node.ContainsKey(name))
            {
                node[name] = value?.DeepClone();
            }
        }

        return WireJson.Serialize(node, WireJsonStyle.Ujson, sortKeys: true);
    }

    /// <summary>The body as text in its encoding, or base64 (with <c>"base64"</c> as its body encoding when it was not valid text).</summary>
    private static (string Body, string? BodyEncoding) Body(byte[] body, string encoding, bool base64Body) =>
        base64Body ? (Convert.ToBase64String(body), null)
        : StrictText(body, encoding) is { } text ? (text, null)
        : (Convert.ToBase64String(body), "base64");

    /// <summary>Python's <c>datetime.utcnow().isoformat()</c>: microseconds, no zone, no fraction when it is zero.</summary>
    public static string Timestamp(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return utc.Ticks % TimeSpan.TicksPerSecond / 10 == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
    }

    private static string? StrictText(byte[] body, string encodingName)
    {
        try
        {
            var encoding = (Encoding)Encoding.GetEncoding(encodingName).Clone();
            encoding.DecoderFallback = DecoderFallback.ExceptionFallback;
            var start = body.AsSpan().StartsWith(encoding.Preamble) ? encoding.Preamble.Length : 0;
            return encoding.GetString(body, start, body.Length - start);
        }
        catch (Exception ex) when (ex is DecoderFallbackException or ArgumentException)
        {
            return null;
        }
    }

    private static JsonObject Headers(IReadOnlyDictionary<string, string[]> headers)
    {
        var json = new JsonObject();
        foreach (var (name, values) in headers)
        {
            json[name] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        }

        return json;
    }
}
