namespace CrawlCluster.Core.Signals;

/// <summary>
/// A reusable "something changed" signal: take <see cref="Next"/> before looking, await it if nothing was found.
/// Notifying with nobody waiting costs one interlocked exchange (no allocation), so producers can notify per message.
/// </summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource? _next;

    /// <summary>Completes at the next <see cref="Notify"/>.</summary>
    public Task Next
    {
        get
        {
            var current = Volatile.Read(ref _next);
            if (current is not null)
            {
                return current.Task;
            }

            var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return (Interlocked.CompareExchange(ref _next, created, null) ?? created).Task;
        }
    }

    /// <summary>Wakes everyone waiting on <see cref="Next"/>.</summary>
    public void Notify() => Interlocked.Exchange(ref _next, null)?.TrySetResult();
}
