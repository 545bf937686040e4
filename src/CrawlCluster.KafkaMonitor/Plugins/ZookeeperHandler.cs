using System.Text.Json.Nodes;
using CrawlCluster.Core.Json;
using CrawlCluster.Core.Keys;

namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>
/// Domain configuration requests (the original's ZookeeperHandler, CONTRACT.md Part B §1.4):
/// <c>zk:&lt;action&gt;:&lt;domain&gt;:&lt;appid&gt;</c> = ujson of <c>{domain, uuid}</c>, plus <c>hits, scale, window</c>
/// for a domain-update — which needs non-zero hits and window, or it is refused with the original's error and nothing
/// is written.
/// </summary>
internal sealed class ZookeeperHandler() : StorePlugin("ZookeeperHandler", "zookeeper_schema.json")
{
    /// <inheritdoc/>
    public override async ValueTask HandleAsync(IngestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (action, domain, appId) = (request.Text("action")!, request.Text("domain")!, request.Text("appid")!);
        StoreKeyParts.Check(("domain", domain), ("appid", appId));
        var value = new JsonObject { ["domain"] = domain, ["uuid"] = request.Text("uuid") };
        if (action == "domain-update")
        {
            var (hits, window) = ((long)request.Body["hits"]!, (long)request.Body["window"]!);
            if (hits == 0 || window == 0)
            {
                throw new RequestRejectedException("'hits' and 'window' not set for domain update");
            }

            value["hits"] = request.Body["hits"]!.DeepClone();
            value["scale"] = request.Body["scale"]!.DeepClone();
            value["window"] = request.Body["window"]!.DeepClone();
        }

        var key = RedisKeys.DomainConfigJob(action, domain, appId);
        await Jobs.PostAsync(key, WireJson.Serialize(value, WireJsonStyle.Ujson), cancellationToken).ConfigureAwait(false);
        Log.AddedDomainConfigJob(Context.Logger, key);
    }
}
