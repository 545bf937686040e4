namespace CrawlCluster.IntegrationTests.Faults;

/// <summary>
/// The fault and fuzz tests run alone, after the others: they start whole clusters and push 100,000 inputs, which on a
/// small machine would starve the timing of tests running beside them (and their own recovery figures).
/// </summary>
[CollectionDefinition("faults", DisableParallelization = true)]
public sealed class FaultsCollection;
