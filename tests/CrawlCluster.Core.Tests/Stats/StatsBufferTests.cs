using CrawlCluster.Core.Stats;

namespace CrawlCluster.Core.Tests.Stats;

public sealed class StatsBufferTests
{
    [Fact]
    public async Task EventsCountedWhileFlushesRun_AreAllWritten_NoneLostOrTwice()
    {
        var store = new SummingStatsStore();
        var buffer = new StatsBuffer(store);
        const int Threads = 4;
        const int PerThread = 200_000;
        using var counting = new CountdownEvent(Threads);

        var counters = Enumerable.Range(0, Threads).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                buffer.CountInWindow("total", TimeSpan.FromSeconds(60));
                buffer.CountInLifetime("total:lifetime");
            }

            counting.Signal();
        })).ToList();
        var flushes = 0;
        while (!counting.IsSet)
        {
            await buffer.FlushAsync();
            flushes++;
        }

        await Task.WhenAll(counters);
        await buffer.FlushAsync();

        Assert.True(flushes > 1, "the flushes did not overlap the counting");
        Assert.Equal((Threads * PerThread, Threads * PerThread), (store.Window, store.Lifetime));
    }

    /// <summary>Adds up what is written.</summary>
    private sealed class SummingStatsStore : IStatsStore
    {
        public long Window;
        public long Lifetime;

        public Task IncrementWindowAsync(string key, TimeSpan window, int events, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref Window, events);
            return Task.CompletedTask;
        }

        public Task AddEventsToHyperLogLogAsync(string key, int events, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref Lifetime, events);
            return Task.CompletedTask;
        }

        public Task<long> WindowCountAsync(string key, TimeSpan window, CancellationToken cancellationToken) => Task.FromResult(Window);

        public Task<long> HyperLogLogCountAsync(string key, CancellationToken cancellationToken) => Task.FromResult(Lifetime);

        public Task<IReadOnlyList<string>> KeysAsync(string pattern, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);
    }
}
