using CrawlCluster.KafkaMonitor.Plugins;
using Microsoft.Extensions.Logging;
using CrawlCluster.Core.Jobs;

namespace CrawlCluster.Examples.KafkaMonitorPlugin;

/// <summary>
/// The seed documentation's example plugin: requests with a <c>uuid</c> and a <c>my_string</c> are stored at
/// <c>mystring:&lt;uuid&gt;</c> through the plugin's store port.
/// </summary>
public sealed class MyStringHandler : IKafkaMonitorPlugin
{
    private IJobBoard? _jobs;
    private ILogger? _logger;

    /// <inheritdoc/>
    public string Name => "MyStringHandler";

    /// <inheritdoc/>
    public string Schema { get; } = ReadSchema();

    /// <inheritdoc/>
    public ValueTask SetupAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _jobs = context.Jobs;
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

        // A plain key write through the store port: safe to run twice on one request, as the monitor may after a store outage.
        await _jobs!.PostAsync($"mystring:{uuid}", request.Text("my_string") ?? "", cancellationToken).ConfigureAwait(false);
        _logger!.LogInformation("Stored my_string for {Uuid}", uuid);
    }

    private static string ReadSchema()
    {
        using var stream = typeof(MyStringHandler).Assembly.GetManifestResourceStream("my_string_schema.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
