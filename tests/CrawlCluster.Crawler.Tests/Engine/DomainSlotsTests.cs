using CrawlCluster.Crawler.Engine;

namespace CrawlCluster.Crawler.Tests.Engine;

[Trait("Kind", "Unit")]
public sealed class DomainSlotsTests
{
    [Fact]
    public async Task Acquire_PerDomainLimit_HoldsTheNextUntilOneIsGivenBack()
    {
        var slots = new DomainSlots(perDomain: 1);
        var first = await slots.AcquireAsync("a.com", CancellationToken.None);

        var second = slots.AcquireAsync("a.com", CancellationToken.None);
        var other = await slots.AcquireAsync("b.com", CancellationToken.None);

        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        other.Dispose();
    }

    [Fact]
    public async Task Slots_ExistOnlyWhileHeld_SoManyDomainsLeaveNothingBehind()
    {
        var slots = new DomainSlots(perDomain: 2);

        for (var i = 0; i < 10_000; i++)
        {
            using var slot = await slots.AcquireAsync($"d{i}.com", CancellationToken.None);
        }

        Assert.Equal(0, slots.Count);
    }

    [Fact]
    public async Task Acquire_CancelledWhileWaiting_LeavesNoSlotBehind()
    {
        var slots = new DomainSlots(perDomain: 1);
        var held = await slots.AcquireAsync("a.com", CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = slots.AcquireAsync("a.com", cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        Assert.Equal(0, slots.Count);
    }
}
