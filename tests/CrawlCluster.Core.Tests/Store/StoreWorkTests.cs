using CrawlCluster.Core.Store;

namespace CrawlCluster.Core.Tests.Store;

[Trait("Kind", "Unit")]
public sealed class StoreWorkTests
{
    [Fact]
    public async Task RunPeriodically_StoppedInTheMiddleOfAStep_EndsQuietly()
    {
        using var stop = new CancellationTokenSource();
        var failures = 0;

        var running = StoreWork.RunPeriodicallyAsync(TimeSpan.FromMilliseconds(1), async () =>
        {
            await stop.CancelAsync();
            stop.Token.ThrowIfCancellationRequested();
        }, _ => failures++, TimeProvider.System, stop.Token);

        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(running.IsCompletedSuccessfully);
        Assert.Equal(0, failures);
    }

    [Fact]
    public async Task RunPeriodically_AStoreFailure_IsReportedAndTheLoopGoesOn()
    {
        using var stop = new CancellationTokenSource();
        var steps = 0;
        var reported = new List<string>();

        await StoreWork.RunPeriodicallyAsync(TimeSpan.FromMilliseconds(1), () =>
        {
            if (++steps == 3)
            {
                stop.Cancel();
            }

            throw new StoreException("redis: connection refused");
        }, ex => reported.Add(ex.Message), TimeProvider.System, stop.Token).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, steps);
        Assert.Equal(3, reported.Count);
    }
}
