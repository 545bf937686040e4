namespace CrawlCluster.Core.Frontier;

/// <summary>One request to queue.</summary>
/// <param name="SpiderId">The spider type whose queues take it.</param>
/// <param name="Domain">The domain key (<see cref="Domains.DomainParts.Key"/>).</param>
/// <param name="Member">The request as the original encodes it.</param>
/// <param name="Priority">Higher pops first.</param>
/// <param name="PushId">
/// Identifies the push for a day, e.g. the bus message it came from: a second push with the same id is ignored even
/// when its member differs. Null for no such check.
/// </param>
public sealed record FrontierPush(string SpiderId, string Domain, string Member, int Priority, string? PushId = null);
