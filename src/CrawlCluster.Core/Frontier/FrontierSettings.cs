using CrawlCluster.Core.Throttling;

namespace CrawlCluster.Core.Frontier;

/// <summary>How a crawler process draws from the frontier.</summary>
/// <param name="LeaseTime">How long a popped request may stay unacknowledged before any process returns it to its queue.</param>
/// <param name="PolicyFor">The throttle of a domain (defaults or the domain's configured hits, window and scale).</param>
/// <param name="ThrottleType">The spider type in throttle keys when SCHEDULER_TYPE_ENABLED, else null.</param>
/// <param name="PublicIp">
/// The public IP in throttle keys when SCHEDULER_IP_ENABLED (asked on every pop, as it may change), else null.
/// </param>
/// <param name="Candidates">Ready domains tried per pop before giving up.</param>
/// <param name="DomainCacheSize">Domains whose recent pops a consumer remembers (least recently used dropped first).</param>
public sealed record FrontierSettings(
    TimeSpan LeaseTime,
    Func<string, ThrottlePolicy> PolicyFor,
    string? ThrottleType = null,
    Func<string?>? PublicIp = null,
    int Candidates = 8,
    int DomainCacheSize = 10_000);
