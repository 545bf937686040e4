using CrawlCluster.Core.Keys;
using StackExchange.Redis;

namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>
/// Info and stop requests (the original's ActionHandler, CONTRACT.md Part B §1.4): <c>&lt;action&gt;:&lt;spiderid&gt;:&lt;appid&gt;[:&lt;crawlid&gt;]</c>
/// = uuid, for the Redis Monitor to answer.
/// </summary>
public sealed class ActionHandler : IKafkaMonitorPlugin
{
    private PluginContext? _context;
    private IDatabase? _db;

    /// <inheritdoc/>
    public string Name => "ActionHandler";

    /// <inheritdoc/>
    public string Schema { get; } = BuiltInSchemas.Read("action_schema.json");

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
        var (spiderId, appId, crawlId) = (request.Text("spiderid")!, request.Text("appid")!, request.Text("crawlid"));
        StoreKeyParts.Check(("spiderid", spiderId), ("appid", appId), ("crawlid", crawlId));
        var key = RedisKeys.Action(request.Text("action")!, spiderId, appId, crawlId);
        await _db!.StringSetAsync(key, request.Text("uuid")).ConfigureAwait(false);
        Log.AddedAction(_context!.Logger, key);
    }
}
