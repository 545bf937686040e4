using CrawlCluster.Core.Hosting;

namespace CrawlCluster.Rest.Gateway;

/// <summary>This gateway instance: its id (the index's <c>my_id</c>, the heartbeat key's last part) and when it started.</summary>
internal sealed class GatewayIdentity(TimeProvider time)
{
    public ProcessIdentity Process { get; } = ProcessIdentity.Create();

    public DateTimeOffset Started { get; } = time.GetUtcNow();

    public long UptimeSeconds => (long)(time.GetUtcNow() - Started).TotalSeconds;
}
