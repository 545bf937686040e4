using System.Text.Json.Nodes;
using CrawlCluster.RedisMonitor.Plugins;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Examples.RedisMonitorPlugin;

/// <summary>
/// The other half of the Kafka Monitor's example plugin (MyStringHandler, which leaves <c>mystring:&lt;uuid&gt;</c> =
/// the string): answers each such job on the outbound topic with the string upper-cased. The monitor takes the job
/// under its lock, deletes it once this returns, and retries it if this throws.
/// </summary>
public sealed class MyStringMonitor : IRedisMonitorPlugin
{
    private RedisMonitorPluginContext? _context;

    /// <inheritdoc/>
    public string Name => "MyStringMonitor";

    /// <inheritdoc/>
    public string Pattern => "mystring:*";

    /// <inheritdoc/>
    public ValueTask SetupAsync(RedisMonitorPluginContext context, CancellationToken cancellationToken)
    {
        _context = context;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task HandleAsync(MonitorJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var answer = new JsonObject
        {
            ["uuid"] = job.Parts[1],
            ["my_string"] = job.Value.ToUpperInvariant(),
            ["server_time"] = _context!.Answers.ServerTime,
        };

        // Publishing the same answer twice (after a store outage) is harmless: the asker matches on uuid.
        var topic = await _context.Answers.PublishAsync("mystring", answer, cancellationToken).ConfigureAwait(false);
        _context.Logger.LogInformation("Answered my_string {Uuid} on {Topic}", job.Parts[1], topic);
    }

    /// <inheritdoc/>
    public JsonObject? ErrorAnswer(MonitorJob job, string reason) =>
        new() { ["uuid"] = job?.Parts.ElementAtOrDefault(1), ["error"] = reason };
}
