using CrawlCluster.Core.Store;
using CrawlCluster.Crawler.Engine;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CrawlCluster.Crawler.Tests.Engine;

[Trait("Kind", "Unit")]
public sealed class OutageBackoffTests
{
    [Fact]
    public async Task WaitAsync_ManyWorkersFailing_LogsOncePerInterval_AndGrows()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var logger = new ListLogger();
        var backoff = new OutageBackoff(time, logger);
        var outage = new StoreException("redis: connection refused", transient: true);

        var waits = Enumerable.Range(0, 8).Select(_ => backoff.WaitAsync(outage, CancellationToken.None)).ToList();

        Assert.Single(logger.Entries);
        Assert.Contains("connection refused", logger.Entries.Single().Message, StringComparison.Ordinal);
        Assert.Equal(8, backoff.Failures);

        // The eighth failure waits 5-10 s (doubling from 100 ms, capped at 10 s, jittered by half): not done at 3.2 s, done by 10.2 s.
        time.Advance(TimeSpan.FromSeconds(3.2));
        Assert.False(waits[^1].IsCompleted);
        Assert.True(waits[0].IsCompleted);
        time.Advance(TimeSpan.FromSeconds(7));
        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_EndsAtOnce()
    {
        var backoff = new OutageBackoff(new FakeTimeProvider(DateTimeOffset.UnixEpoch), new ListLogger());
        using var cancel = new CancellationTokenSource();
        for (var i = 0; i < 20; i++)
        {
            _ = backoff.WaitAsync(new StoreException("down"), CancellationToken.None);
        }

        var waiting = backoff.WaitAsync(new StoreException("down"), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Succeeded_AfterAnOutage_SaysItIsOver_AndStartsAgainFromTheShortestDelay()
    {
        var logger = new ListLogger();
        var backoff = new OutageBackoff(new FakeTimeProvider(DateTimeOffset.UnixEpoch), logger);
        _ = backoff.WaitAsync(new StoreException("down"), CancellationToken.None);

        backoff.Succeeded();
        backoff.Succeeded();

        Assert.Equal(0, backoff.Failures);
        Assert.Single(logger.Entries, e => e.Message.Contains("answer again after 1 failed attempts", StringComparison.Ordinal));
    }
}
