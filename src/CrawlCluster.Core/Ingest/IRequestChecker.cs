namespace CrawlCluster.Core.Ingest;

/// <summary>
/// The incoming topic's admission check (port; the Kafka Monitor's plugin schemas implement it): which plugin would
/// handle a request, or why none would — so a gateway refuses what the monitor would refuse, with its reasons, before
/// anything is produced.
/// </summary>
internal interface IRequestChecker
{
    /// <summary>The verdict on <paramref name="json"/>. Never throws on bad input.</summary>
    RequestVerdict Check(string json);
}

/// <summary>The plugin that accepts a request, or the errors of the closest schema.</summary>
internal sealed record RequestVerdict(string? Plugin, IReadOnlyList<string> Errors)
{
    public bool Accepted => Plugin is not null;
}
