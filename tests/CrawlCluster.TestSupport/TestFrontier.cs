using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Throttling;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CrawlCluster.TestSupport;

/// <summary>
/// One spider type's frontier through all its ports at once — queue, consumer, maintenance, ledger — for tests that
/// push, lease and count in a few lines.
/// </summary>
public sealed class TestFrontier
{
    private readonly IFrontierQueue _queue;
    private readonly IFrontierMaintenance _maintenance;
    private readonly ICrawlLedger _ledger;

    /// <summary>The frontier of <paramref name="spiderId"/> on <paramref name="redis"/>.</summary>
    public TestFrontier(IConnectionMultiplexer redis, string spiderId = "link", Func<string, ThrottlePolicy>? policy = null, TimeSpan? leaseTime = null,
        TimeProvider? time = null)
        : this(Services(redis, time), spiderId, new FrontierSettings(leaseTime ?? TimeSpan.FromMinutes(1),
            policy ?? (_ => new ThrottlePolicy(TimeSpan.FromSeconds(60), 10_000, false))))
    {
    }

    /// <summary>The frontier of <paramref name="spiderId"/> on <paramref name="redis"/> under <paramref name="settings"/>.</summary>
    public TestFrontier(IConnectionMultiplexer redis, string spiderId, FrontierSettings settings, TimeProvider time)
        : this(Services(redis, time), spiderId, settings)
    {
    }

    /// <summary>The frontier of <paramref name="spiderId"/> over <paramref name="services"/>' ports.</summary>
    public TestFrontier(IServiceProvider services, string spiderId, FrontierSettings settings)
    {
        SpiderId = spiderId;
        _queue = services.GetRequiredService<IFrontierQueue>();
        _maintenance = services.GetRequiredService<IFrontierMaintenance>();
        _ledger = services.GetRequiredService<ICrawlLedger>();
        Consumer = services.GetRequiredService<IFrontierConsumers>().Open(spiderId, settings);
    }

    public string SpiderId { get; }

    public IFrontierConsumer Consumer { get; }

    public async Task<bool> PushAsync(string domain, string member, int priority, string? pushId = null) =>
        (await _queue.PushAsync([new FrontierPush(SpiderId, domain, member, priority, pushId)], CancellationToken.None))[0];

    public Task<Lease?> TryLeaseAsync() => Consumer.TryLeaseAsync(CancellationToken.None);

    public Task<bool> AckAsync(Lease lease, LeaseOutcome outcome) => Consumer.AckAsync(lease, outcome, CancellationToken.None);

    public Task<bool> ReleaseAsync(Lease lease) => Consumer.ReleaseAsync(lease, CancellationToken.None);

    public Task<bool> DelayDomainAsync(string domain, DateTimeOffset until) => Consumer.DelayDomainAsync(domain, until, CancellationToken.None);

    public Task WaitForWorkAsync(TimeSpan longest, CancellationToken cancellationToken) => Consumer.WaitForWorkAsync(longest, cancellationToken);

    public Task<int> ReclaimExpiredAsync() => _maintenance.ReclaimExpiredAsync(SpiderId, CancellationToken.None);

    public Task<FrontierAdoption> AdoptForeignQueuesAsync(TimeSpan oncePer = default) => _maintenance.AdoptForeignQueuesAsync(SpiderId, oncePer, CancellationToken.None);

    public Task<long> PurgeAsync(CrawlIdentity crawl, bool scanAllQueues = false) => _ledger.PurgeAsync(SpiderId, crawl, scanAllQueues, CancellationToken.None);

    public Task<IReadOnlyDictionary<string, DomainBacklog>> BacklogAsync(CrawlIdentity crawl) => _ledger.BacklogAsync(SpiderId, crawl, CancellationToken.None);

    public Task<IReadOnlyList<string>> CrawlIdsAsync(string appId) => _ledger.CrawlIdsAsync(SpiderId, appId, CancellationToken.None);

    public Task<CrawlCounts> CountsAsync(CrawlIdentity crawl) => _ledger.CountsAsync(SpiderId, crawl, CancellationToken.None);

    private static ServiceProvider Services(IConnectionMultiplexer redis, TimeProvider? time)
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        return StorePorts.Register(services, redis).BuildServiceProvider();
    }
}
