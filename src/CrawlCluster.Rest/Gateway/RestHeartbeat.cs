using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Stats;
using CrawlCluster.Core.Store;
using CrawlCluster.Rest.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Rest.Gateway;

/// <summary>Writes <c>stats:rest:self:&lt;host&gt;:&lt;id&gt;</c> every SLEEP_TIME, so <c>stats rest</c> counts this instance.</summary>
internal sealed class RestHeartbeat(IHeartbeats heartbeats, GatewayIdentity identity, RestOptions options, TimeProvider time, ILogger<RestHeartbeat> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var key = RedisKeys.Heartbeat("rest", identity.Process.Host, identity.Process.Id);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.1, options.SleepSeconds)), time);
        do
        {
            try
            {
                await heartbeats.BeatAsync(key, TimeSpan.FromSeconds(options.HeartbeatTimeoutSeconds), stoppingToken).ConfigureAwait(false);
            }
            catch (StoreException ex)
            {
                Log.HeartbeatFailed(logger, ex.Message);
            }
        }
        while (await NextTickAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
