namespace CrawlCluster.Crawler.Engine;

/// <summary>
/// CONCURRENT_REQUESTS_PER_DOMAIN: at most that many downloads of one domain at once in this process. A domain's slot
/// exists only while someone holds or waits for it, so the map is as large as the work in flight, never as the number
/// of domains met.
/// </summary>
internal sealed class DomainSlots(int perDomain)
{
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Waits for a slot of <paramref name="domain"/>; dispose the result to give it back.</summary>
    public async Task<IDisposable> AcquireAsync(string domain, CancellationToken cancellationToken)
    {
        Slot slot;
        lock (_lock)
        {
            if (!_slots.TryGetValue(domain, out slot!))
            {
                _slots[domain] = slot = new Slot(new SemaphoreSlim(perDomain));
            }

            slot.Users++;
        }

        try
        {
            await slot.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(domain, slot);
            throw;
        }

        return new Held(this, domain, slot);
    }

    /// <summary>Domains with a download running or waiting.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _slots.Count;
            }
        }
    }

    private void Leave(string domain, Slot slot)
    {
        lock (_lock)
        {
            if (--slot.Users == 0)
            {
                _slots.Remove(domain);
                slot.Semaphore.Dispose();
            }
        }
    }

    private sealed class Slot(SemaphoreSlim semaphore)
    {
        public SemaphoreSlim Semaphore { get; } = semaphore;

        public int Users { get; set; }
    }

    private sealed class Held(DomainSlots owner, string domain, Slot slot) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                slot.Semaphore.Release();
                owner.Leave(domain, slot);
            }
        }
    }
}
