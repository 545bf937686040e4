using CrawlCluster.Core.Keys;

namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>
/// Info and stop requests (the original's ActionHandler, CONTRACT.md Part B §1.4): <c>&lt;action&gt;:&lt;spiderid&gt;:&lt;appid&gt;[:&lt;crawlid&gt;]</c>
/// = uuid, for the Redis Monitor to answer.
/// </summary>
internal sealed class ActionHandler() : StorePlugin("ActionHandler", "action_schema.json")
{
    /// <inheritdoc/>
    public override async ValueTask HandleAsync(IngestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (spiderId, appId, crawlId) = (request.Text("spiderid")!, request.Text("appid")!, request.Text("crawlid"));
        StoreKeyParts.Check(("spiderid", spiderId), ("appid", appId), ("crawlid", crawlId));
        var key = RedisKeys.Action(request.Text("action")!, spiderId, appId, crawlId);
        await Jobs.PostAsync(key, request.Text("uuid") ?? "", cancellationToken).ConfigureAwait(false);
        Log.AddedAction(Context.Logger, key);
    }
}
