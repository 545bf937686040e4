using CrawlCluster.Core.Jobs;

namespace CrawlCluster.KafkaMonitor.Plugins;

/// <summary>
/// What the built-in plugins share: a name, an embedded schema, and a set-up that keeps the context.
/// </summary>
/// <param name="name">The name in PLUGINS and in stats keys.</param>
/// <param name="schemaFile">The embedded schema's file name.</param>
internal abstract class StorePlugin(string name, string schemaFile) : IKafkaMonitorPlugin
{
    private PluginContext? _context;

    /// <inheritdoc/>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public string Schema { get; } = BuiltInSchemas.Read(schemaFile);

    /// <summary>The context given to <see cref="SetupAsync"/>.</summary>
    protected PluginContext Context => _context ?? throw new InvalidOperationException($"{Name}: SetupAsync was not called");

    /// <summary>Where jobs for the Redis Monitor are left.</summary>
    protected IJobBoard Jobs => Context.Jobs;

    /// <inheritdoc/>
    public virtual ValueTask SetupAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public abstract ValueTask HandleAsync(IngestRequest request, CancellationToken cancellationToken);
}
