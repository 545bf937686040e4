using CrawlCluster.Core.Keys;
using StackExchange.Redis;

namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>Stats requests (the original's StatsHandler, CONTRACT.md Part B §1.4): <c>statsrequest:&lt;stats&gt;:&lt;appid&gt;</c> = uuid.</summary>
public sealed class StatsHandler : IKafkaMonitorPlugin
{
    private PluginContext? _context;
    private IDatabase? _db;

    /// <inheritdoc/>
    public string Name => "StatsHandler";

    /// <inheritdoc/>
    public string Schema { get; } = BuiltInSchemas.Read("stats_schema.json");

    /// <inheritdoc/>
    public ValueTask SetupAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _db = context.Store.GetDatabase();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async ValueTask HandleAsync(IngestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var appId = request.Text("appid")!;
        StoreKeyParts.Check(("appid", appId));
        var key = RedisKeys.StatsRequest(request.Text("stats")!, appId);
        await _db!.StringSetAsync(key, request.Text("uuid")).ConfigureAwait(false);
        Log.AddedStatsRequest(_context!.Logger, key);
    }
}
