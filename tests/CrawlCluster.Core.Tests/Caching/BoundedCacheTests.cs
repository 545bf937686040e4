using CrawlCluster.Core.Caching;

namespace CrawlCluster.Core.Tests.Caching;

[Trait("Kind", "Unit")]
public sealed class BoundedCacheTests
{
    [Fact]
    public void Set_BeyondCapacity_DropsTheLeastRecentlyUsed()
    {
        var cache = new BoundedCache<string, int>(2);
        cache.Set("a", 1);
        cache.Set("b", 2);
        Assert.True(cache.TryGetValue("a", out _));

        cache.Set("c", 3);

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGetValue("a", out var a));
        Assert.Equal(1, a);
        Assert.False(cache.TryGetValue("b", out _));
        Assert.True(cache.TryGetValue("c", out _));
    }

    [Fact]
    public void ManyKeys_NeverMoreThanCapacity()
    {
        var cache = new BoundedCache<int, int>(100);

        Parallel.For(0, 100_000, i => cache.GetOrAdd(i, k => k * 2));

        Assert.Equal(100, cache.Count);
        Assert.True(cache.TryGetValue(99_999, out var last) || cache.Count == 100);
        Assert.True(last is 0 or 199_998);
    }

    [Fact]
    public void Set_ExistingKey_ReplacesItsValue_WithoutGrowing()
    {
        var cache = new BoundedCache<string, int>(4);
        cache.Set("a", 1);

        cache.Set("a", 2);

        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGetValue("a", out var value));
        Assert.Equal(2, value);
        Assert.True(cache.Remove("a"));
        Assert.Equal(0, cache.Count);
    }
}
