using CrawlCluster.Core.Keys;

namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>Stats requests (the original's StatsHandler, CONTRACT.md Part B §1.4): <c>statsrequest:&lt;stats&gt;:&lt;appid&gt;</c> = uuid.</summary>
internal sealed class StatsHandler() : StorePlugin("StatsHandler", "stats_schema.json")
{
    /// <inheritdoc/>
    public override async ValueTask HandleAsync(IngestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var appId = request.Text("appid")!;
        StoreKeyParts.Check(("appid", appId));
        var key = RedisKeys.StatsRequest(request.Text("stats")!, appId);
        await Jobs.PostAsync(key, request.Text("uuid") ?? "", cancellationToken).ConfigureAwait(false);
        Log.AddedStatsRequest(Context.Logger, key);
    }
}
