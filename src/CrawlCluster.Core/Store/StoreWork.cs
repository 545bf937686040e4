namespace CrawlCluster.Core.Store;

/// <summary>
/// Background store work that must survive store outages — stats flushes, heartbeats, lease reclaiming: a failed step
/// is reported and tried again on the next round, and never ends the loop or the process.
/// </summary>
internal static class StoreWork
{
    /// <summary>Runs <paramref name="step"/>, reporting a store failure instead of throwing it.</summary>
    public static async Task TryAsync(Func<Task> step, Action<StoreException> onFailure)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(onFailure);
        try
        {
            await step().ConfigureAwait(false);
        }
        catch (StoreException ex)
        {
            onFailure(ex);
        }
    }

    /// <summary>Runs <paramref name="step"/> every <paramref name="interval"/> until <paramref name="cancellationToken"/> is cancelled.</summary>
    public static async Task RunPeriodicallyAsync(TimeSpan interval, Func<Task> step, Action<StoreException> onFailure, TimeProvider time,
        CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await TryAsync(step, onFailure).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped in the middle of a step (the step honours the token): the loop ends, it does not fail.
                return;
            }

            try
            {
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
