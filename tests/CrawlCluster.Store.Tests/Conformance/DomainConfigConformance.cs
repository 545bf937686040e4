using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Store.DomainConfig;
using StackExchange.Redis;

namespace CrawlCluster.Store.Tests.Conformance;

/// <summary>The cluster domain configuration on every store (DESIGN.md §6.5).</summary>
public abstract class DomainConfigConformance<TFixture>(TFixture fixture)
    where TFixture : IStoreFixture
{
    private readonly string _document = $"/scrapy-cluster/crawler/{Guid.NewGuid():N}";

    [Fact]
    public async Task Read_NeverWritten_IsEmptyAtVersionZero()
    {
        var (config, version) = await Store().ReadAsync();

        Assert.True(config.SameAs(ClusterDomainConfig.Empty));
        Assert.Equal(0, version);
    }

    [Fact]
    public async Task Update_IsVersioned_AndStoredInTheOriginalsYaml()
    {
        var store = Store();

        await store.UpdateAsync(c => c.WithDomain("cnn.com", new DomainThrottle(60, 15, 0.9)), CancellationToken.None);
        await store.UpdateAsync(c => c.WithBlacklisted("bingo.com"), CancellationToken.None);

        var (config, version) = await store.ReadAsync();
        Assert.Equal(2, version);
        Assert.Equal("blacklist:\n- bingo.com\ndomains:\n  cnn.com:\n    hits: 15\n    scale: 0.9\n    window: 60\n", DomainConfigYaml.Write(config));
        Assert.Equal("blacklist:\n- bingo.com\ndomains:\n  cnn.com:\n    hits: 15\n    scale: 0.9\n    window: 60\n",
            (string?)await fixture.Connection.GetDatabase().HashGetAsync("cc:config:" + _document, "yaml"));
    }

    [Fact]
    public async Task RacingUpdates_AllLand_NoneIsLost()
    {
        var domains = Enumerable.Range(0, 20).Select(i => $"d{i}.com").ToList();

        await Task.WhenAll(domains.Select(d => Task.Run(() => Store().UpdateAsync(c => c.WithBlacklisted(d), CancellationToken.None))));

        var (config, version) = await Store().ReadAsync();
        Assert.Equal(domains.Order(), config.Blacklist.Order());
        Assert.Equal(20, version);
    }

    [Fact]
    public async Task CorruptDocument_IsNeverOverwritten_ByAnUpdate()
    {
        await fixture.Connection.GetDatabase().HashSetAsync("cc:config:" + _document, [new HashEntry("version", 3), new HashEntry("yaml", "domains: [unclosed")]);

        await Assert.ThrowsAsync<FormatException>(() => Store().UpdateAsync(c => c.WithBlacklisted("x.com"), CancellationToken.None));

        Assert.Equal("domains: [unclosed", (string?)await fixture.Connection.GetDatabase().HashGetAsync("cc:config:" + _document, "yaml"));
    }

    [Fact]
    public async Task Watchers_HearEveryUpdate()
    {
        var heard = new TaskCompletionSource<ClusterDomainConfig>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (await Store().WatchAsync(config =>
        {
            heard.TrySetResult(config);
            return Task.CompletedTask;
        }))
        {
            await Store().UpdateAsync(c => c.WithDomain("a.com", new DomainThrottle(10, 5, null)), CancellationToken.None);

            var config = await heard.Task.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(new DomainThrottle(10, 5, null), config.Domains["a.com"]);
        }
    }

    private RedisDomainConfigStore Store() => new(fixture.Connection, _document);
}

[Trait("Kind", "Conformance")]
public sealed class RedisDomainConfigConformanceTests(RedisStoreFixture fixture)
    : DomainConfigConformance<RedisStoreFixture>(fixture), IClassFixture<RedisStoreFixture>;

[Trait("Kind", "Conformance")]
public sealed class GarnetDomainConfigConformanceTests(GarnetStoreFixture fixture)
    : DomainConfigConformance<GarnetStoreFixture>(fixture), IClassFixture<GarnetStoreFixture>;
