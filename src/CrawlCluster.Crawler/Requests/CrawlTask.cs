using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Json;

namespace CrawlCluster.Crawler.Requests;

/// <summary>
/// A request on its way through a crawler: its URL, headers and the meta that travels with it across the cluster
/// (CONTRACT.md Part B §2.4). Read from a queue member — a seed as the Kafka Monitor wrote it, or a Scrapy request
/// dict as a crawler wrote it — and written back as a Scrapy request dict, so the original's crawlers can take it.
/// </summary>
public sealed class CrawlTask
{
    private CachedText? _appId;
    private CachedText? _crawlId;
    private CachedText? _spiderId;

    private CrawlTask(string url, JsonObject meta, JsonObject headers, bool dontFilter)
    {
        Url = url;
        Meta = meta;
        Headers = headers;
        DontFilter = dontFilter;
    }

    /// <summary>The URL, as queued (it may not even be a valid URI; <see cref="TryGetUri"/> says).</summary>
    public string Url { get; }

    /// <summary>The meta: appid, crawlid, spiderid, priority, maxdepth, curdepth, retry_times, filters, attrs, ...</summary>
    public JsonObject Meta { get; }

    /// <summary>Request headers, <c>{Name: [values]}</c>.</summary>
    public JsonObject Headers { get; }

    /// <summary>Skip the duplicate filter (retries).</summary>
    public bool DontFilter { get; }

    /// <summary>The application.</summary>
    public string AppId => Cached("appid", ref _appId) ?? "";

    /// <summary>The crawl.</summary>
    public string CrawlId => Cached("crawlid", ref _crawlId) ?? "";

    /// <summary>The spider type that crawls it.</summary>
    public string SpiderId => Cached("spiderid", ref _spiderId) ?? "link";

    /// <summary>Its priority.</summary>
    public int Priority => Integer("priority") ?? 0;

    /// <summary>Links followed from the seed to reach it.</summary>
    public int CurrentDepth => Integer("curdepth") ?? 0;

    /// <summary>How many levels of links to follow from the seed.</summary>
    public int MaxDepth => Integer("maxdepth") ?? 0;

    /// <summary>The crawl's page limit per domain; 0 or null means none.</summary>
    public int? DomainMaxPages => Integer("domain_max_pages");

    /// <summary>Retries so far.</summary>
    public int RetryTimes => Integer("retry_times") ?? 0;

    /// <summary>Epoch seconds after which the crawl stops; 0 never.</summary>
    public long Expires => Meta["expires"] is JsonValue value && value.TryGetValue<long>(out var expires) ? expires : 0;

    /// <summary>The per-request user agent, or null.</summary>
    public string? UserAgent => Text("useragent");

    /// <summary>The per-request cookie string, or null.</summary>
    public string? Cookie => Text("cookie");

    /// <summary>Reads a queue member.</summary>
    /// <exception cref="FormatException">The member is not a JSON object with a <c>url</c>.</exception>
    public static CrawlTask FromMember(string member)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(member) as JsonObject ?? throw new FormatException("a queued request must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"a queued request is not JSON: {ex.Message}", ex);
        }

        var url = root["url"] is JsonValue u && u.TryGetValue<string>(out var text) ? text : throw new FormatException("a queued request has no url");
        if (root["meta"] is JsonObject meta)
        {
            return new CrawlTask(url, (JsonObject)meta.DeepClone(), root["headers"] is JsonObject headers ? (JsonObject)headers.DeepClone() : [],
                root["dont_filter"] is JsonValue dontFilter && dontFilter.TryGetValue<bool>(out var skip) && skip);
        }

        // A seed from the Kafka Monitor: every field goes into meta (meta.url stays the seed URL for all descendants).
        var seedMeta = (JsonObject)root.DeepClone();
        seedMeta["curdepth"] ??= 0;
        seedMeta["retry_times"] ??= 0;
        var seedUrl = url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url;
        var task = new CrawlTask(seedUrl, seedMeta, [], dontFilter: false);
        if (task.UserAgent is { } userAgent)
        {
            task.Headers["User-Agent"] = new JsonArray(userAgent);
        }

        return task;
    }

    /// <summary>The URL as an absolute http(s) URI, or false.</summary>
    public bool TryGetUri(out Uri uri) =>
        Uri.TryCreate(Url, UriKind.Absolute, out uri!) && uri.Scheme is "http" or "https";

    /// <summary>A request for a link found on this one's page: one level deeper, priority −10, the meta passed through.</summary>
    public CrawlTask Child(string url) => Next(url, meta =>
    {
        meta["priority"] = Priority - 10;
        meta["curdepth"] = CurrentDepth + 1;
    });

    /// <summary>A request for <paramref name="url"/> with this one's meta (passed through, as the original's middleware) changed by <paramref name="change"/>.</summary>
    public CrawlTask Next(string url, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var meta = (JsonObject)Meta.DeepClone();
        change(meta);
        var headers = new JsonObject();
        if (UserAgent is { } userAgent)
        {
            headers["User-Agent"] = new JsonArray(userAgent);
        }

        return new CrawlTask(url, meta, headers, dontFilter: false);
    }

    /// <summary>This request again after a failure: <c>retry_times</c> + 1, priority −10, past the duplicate filter.</summary>
    public CrawlTask Retry()
    {
        var meta = (JsonObject)Meta.DeepClone();
        meta["retry_times"] = RetryTimes + 1;
        meta["priority"] = Priority - 10;
        return new CrawlTask(Url, meta, (JsonObject)Headers.DeepClone(), dontFilter: true);
    }

    /// <summary>The queue member: Scrapy 1.5's request dict, ujson-encoded.</summary>
    public string ToMember()
    {
        // Written member by member (the fields of SerializedRequest, in its order): a page's children are each written
        // once, and going through the serializer cost two copies of the meta and a parse per child.
        var output = new StringBuilder(256 + Url.Length);
        output.Append("{\"url\":");
        WireJson.WriteString(output, Url, WireJsonStyle.Ujson);
        output.Append(",\"callback\":\"parse\",\"errback\":null,\"method\":\"GET\",\"headers\":");
        WireJson.Write(output, Headers, WireJsonStyle.Ujson, sortKeys: false);
        output.Append(",\"body\":\"\",\"cookies\":{},\"meta\":");
        WireJson.Write(output, Meta, WireJsonStyle.Ujson, sortKeys: false);
        output.Append(",\"_encoding\":\"utf-8\",\"priority\":0,\"dont_filter\":").Append(DontFilter ? "true" : "false").Append(",\"flags\":[]}");
        return output.ToString();
    }

    /// <summary>The queue member through the contract's serializer: the reference <see cref="ToMember"/> is held to.</summary>
    internal string ToMemberThroughTheSerializer() => WireJson.Serialize(new SerializedRequest
    {
        Url = Url,
        Callback = "parse",
        Errback = null,
        Method = "GET",
        Headers = (JsonObject)Headers.DeepClone(),
        Body = "",
        Cookies = new JsonObject(),
        Meta = (JsonObject)Meta.DeepClone(),
        Encoding = "utf-8",
        Priority = 0,
        DontFilter = DontFilter,
        Flags = [],
    }, ContractJsonContext.Default.SerializedRequest, WireJsonStyle.Ujson);

    /// <summary>A string list in meta, or null.</summary>
    public IReadOnlyList<string>? List(string name) =>
        Meta[name] is JsonArray array ? [.. array.Select(item => item is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>()] : null;

    private string? Text(string name) => Meta[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    // appid, crawlid and spiderid are read many times a page (each child, the stats, the logs, the publish) and a parsed
    // value makes a new string at each read: the text is kept with the node it came from, and read again only when the
    // meta holds another node (JSON values are immutable; meta can be changed by components).
    private string? Cached(string name, ref CachedText? cache)
    {
        var node = Meta[name];
        var known = Volatile.Read(ref cache);
        if (known is not null && ReferenceEquals(known.Node, node))
        {
            return known.Text;
        }

        var text = node is JsonValue value && value.TryGetValue<string>(out var read) ? read : null;
        Volatile.Write(ref cache, new CachedText(node, text));
        return text;
    }

    private sealed record CachedText(JsonNode? Node, string? Text);

    private int? Integer(string name) => Meta[name] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}
