namespace CrawlCluster.Core.Jobs;

/// <summary>
/// Where the Kafka Monitor leaves jobs for the Redis Monitor: info, stop, stats and domain-config requests and crawl
/// expiry times, each at its key in the original's layout (<see cref="Keys.RedisKeys"/>).
/// </summary>
public interface IJobBoard
{
    /// <summary>Writes the job <paramref name="key"/> = <paramref name="value"/> and tells the monitors a job is waiting.</summary>
    Task PostAsync(string key, string value, CancellationToken cancellationToken);
}
