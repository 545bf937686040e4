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
        var message = new CrawledPage
        {
            AppId = task.AppId,
            Attrs = (attrs ?? task.Meta["attrs"])?.DeepClone(),
            Body = "",
            CrawlId = task.CrawlId,
            Encoding = encoding,
            Links = [.. links],
            RequestHeaders = Headers(response.RequestHeaders),
            ResponseHeaders = Headers(response.ResponseHeaders),
            ResponseUrl = response.ResponseUrl.AbsoluteUri,
            StatusCode = response.StatusCode,
            Timestamp = Timestamp(now),
            Url = response.ResponseUrl.AbsoluteUri,
        };
        if (base64Body)
        {
            message.Body = Convert.ToBase64String(response.Body);
        }
        else if (StrictText(response.Body, encoding) is { } text)
        {
            message.Body = text;
        }
        else
        {
            message.Body = Convert.ToBase64String(response.Body);
            message.BodyEncoding = "base64";
        }

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
