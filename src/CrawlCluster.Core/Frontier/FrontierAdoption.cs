namespace CrawlCluster.Core.Frontier;

/// <summary>What one adoption scan took on from queues another program wrote.</summary>
/// <param name="Domains">Domains new to the ready index.</param>
/// <param name="Requests">Requests counted into their crawls' counters and backlogs for the first time.</param>
public sealed record FrontierAdoption(int Domains, int Requests);
