using CrawlCluster.Core.Domains;
using CrawlCluster.Core.Json;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Frontier;

namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>
/// Crawl requests (the original's ScraperHandler, CONTRACT.md Part B §1.4): the validated request, ujson-encoded, goes
/// into <c>&lt;spiderid&gt;:&lt;domain&gt;:queue</c> through the frontier, and a non-zero <c>expires</c> into
/// <c>timeout:&lt;spiderid&gt;:&lt;appid&gt;:&lt;crawlid&gt;</c>. The bus message's identity makes the push idempotent.
/// </summary>
internal sealed class ScraperHandler() : StorePlugin("ScraperHandler", "scraper_schema.json")
{
    private DomainExtractor _domains = DomainExtractor.Default;

    /// <inheritdoc/>
    public override async ValueTask SetupAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await base.SetupAsync(context, cancellationToken).ConfigureAwait(false);
        _domains = DomainExtractor.FromOptions(new DomainOptions { PublicSuffixListFile = context.Settings["PUBLIC_SUFFIX_LIST"] });
    }

    /// <inheritdoc/>
    public override async ValueTask HandleAsync(IngestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = Context;
        var url = request.Text("url")!;
        var spiderId = request.Text("spiderid")!;
        var appId = request.Text("appid")!;
        var crawlId = request.Text("crawlid")!;
        var domain = _domains.KeyOf(url);
        StoreKeyParts.Check(("spiderid", spiderId), ("appid", appId), ("crawlid", crawlId), ("domain", domain));
        if (domain == ".")
        {
            throw new RequestRejectedException($"'url' has no host to queue it under: '{url}'");
        }

        var priority = (int)request.Body["priority"]!;
        var member = WireJson.Serialize(request.Body, WireJsonStyle.Ujson);
        await context.Frontier.PushAsync([new FrontierPush(spiderId, domain, member, priority, request.MessageId)], cancellationToken).ConfigureAwait(false);
        if (request.Body["expires"] is { } expires && expires.ToJsonString() != "0")
        {
            await Jobs.PostAsync(RedisKeys.Timeout(spiderId, appId, crawlId), expires.ToJsonString(), cancellationToken).ConfigureAwait(false);
        }

        Log.AddedCrawl(context.Logger, url, appId, crawlId, spiderId, domain);
    }
}
