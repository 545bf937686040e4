namespace CrawlCluster.Core.Store;

/// <summary>Whether the store answers (port), for health endpoints and the gateway's index.</summary>
internal interface IStoreHealth
{
    /// <summary>Null when the store answered a ping; else why not, in one line. Never throws but on cancellation.</summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
