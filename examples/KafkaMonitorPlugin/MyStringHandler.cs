using CrawlCluster.KafkaMonitor.Plugins;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CrawlCluster.Examples.KafkaMonitorPlugin;

/// <summary>
/// The seed documentation's example plugin: requests with a <c>uuid</c> and a <c>my_string</c> are stored at
/// <c>mystring:&lt;uuid&gt;</c>.
/// </summary>
public sealed class MyStringHandler : IKafkaMonitorPlugin
{
    private IDatabase? _db;
    private ILogger? _logger;

    /// <inheritdoc/>
    public string Name => "MyStringHandler";

    /// <inheritdoc/>
    public string Schema { get; } = ReadSchema();

    /// <inheritdoc/>
    public ValueTask SetupAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _db = context.Store.GetDatabase();
        _logger = context.Logger;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async ValueTask HandleAsync(IngestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uuid = request.Text("uuid")!;
        if (uuid.Contains(':', StringComparison.Ordinal))
        {
            throw new RequestRejectedException("'uuid' must not contain ':'");
        }

        // A plain SET: safe to run twice on one request, as the monitor may after a store outage.
        await _db!.StringSetAsync($"mystring:{uuid}", request.Text("my_string")).ConfigureAwait(false);
        _logger!.LogInformation("Stored my_string for {Uuid}", uuid);
    }

    private static string ReadSchema()
    {
        using var stream = typeof(MyStringHandler).Assembly.GetManifestResourceStream("my_string_schema.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
