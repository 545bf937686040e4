namespace CrawlCluster.Sink;

/// <summary>
/// Whether the sink can write: healthy, or in an outage since when and why. Read by the health endpoint and metrics;
/// written only by the sink's loop.
/// </summary>
internal sealed class SinkHealth
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _outageSince;
    private string? _reason;

    /// <summary>True once the schema is in place and the consumer reads.</summary>
    public bool Ready { get; private set; }

    /// <summary>Null when writes succeed; else when the outage began and its last error.</summary>
    public (DateTimeOffset Since, string Reason)? Outage
    {
        get
        {
            lock (_lock)
            {
                return _outageSince is { } since ? (since, _reason!) : null;
            }
        }
    }

    public void MarkReady() => Ready = true;

    /// <summary>Records a failed write; returns true when this begins an outage.</summary>
    public bool Failed(DateTimeOffset now, string reason)
    {
        lock (_lock)
        {
            var begins = _outageSince is null;
            _outageSince ??= now;
            _reason = reason;
            return begins;
        }
    }

    /// <summary>Records a successful write; returns how long the outage it ends lasted, or null when there was none.</summary>
    public TimeSpan? Succeeded(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_outageSince is not { } since)
            {
                return null;
            }

            _outageSince = null;
            _reason = null;
            return now - since;
        }
    }
}
