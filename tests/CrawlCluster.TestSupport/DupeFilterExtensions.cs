using CrawlCluster.Core.Dedup;

namespace CrawlCluster.TestSupport;

/// <summary>One fingerprint at a time, for tests.</summary>
public static class DupeFilterExtensions
{
    /// <summary>Records one fingerprint; true when it had been seen.</summary>
    public static async Task<bool> SeenOneAsync(this IDupeFilter filter, string spiderId, string crawlId, string fingerprint) =>
        (await filter.SeenAsync(spiderId, crawlId, [fingerprint], attempt: null, CancellationToken.None))[0];
}
