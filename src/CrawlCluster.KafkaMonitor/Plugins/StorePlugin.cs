using StackExchange.Redis;

namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>
/// What the built-in plugins share: a name, an embedded schema, and a set-up that keeps the context and the store.
/// </summary>
/// <param name="name">The name in PLUGINS and in stats keys.</param>
/// <param name="schemaFile">The embedded schema's file name.</param>
public abstract class StorePlugin(string name, string schemaFile) : IKafkaMonitorPlugin
{
    private PluginContext? _context;
    private IDatabase? _db;

    /// <inheritdoc/>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public string Schema { get; } = BuiltInSchemas.Read(schemaFile);

    /// <summary>The context given to <see cref="SetupAsync"/>.</summary>
    protected PluginContext Context => _context ?? throw new InvalidOperationException($"{Name}: SetupAsync was not called");

    /// <summary>The store.</summary>
    protected IDatabase Db => _db ?? throw new InvalidOperationException($"{Name}: SetupAsync was not called");

    /// <inheritdoc/>
    public virtual ValueTask SetupAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _db = context.Store.GetDatabase();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public abstract ValueTask HandleAsync(IngestRequest request, CancellationToken cancellationToken);
}
