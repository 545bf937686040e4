namespace CrawlCluster.Core.Logging;

/// <summary>
/// When a condition that persists (no network to learn the public IP, an unchanged stats block) is worth a log line:
/// the first time, when what is said changes, and then once per <paramref name="interval"/> — not on every attempt.
/// </summary>
/// <param name="interval">How long the same message stays quiet once said.</param>
internal sealed class RepeatedWarning(TimeSpan interval)
{
    private string? _last;
    private DateTimeOffset _saidAt = DateTimeOffset.MinValue;

    /// <summary>Whether <paramref name="message"/> should be logged now; records it when so.</summary>
    public bool ShouldSay(string message, DateTimeOffset now)
    {
        if (message == _last && now - _saidAt < interval)
        {
            return false;
        }

        _last = message;
        _saidAt = now;
        return true;
    }

    /// <summary>Forgets what was said: the next message is said at once (the condition ended).</summary>
    public void Reset() => _last = null;
}
