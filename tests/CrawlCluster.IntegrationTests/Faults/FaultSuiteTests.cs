using CrawlCluster.TestSupport;
using CrawlCluster.TestSupport.Faults;
using Xunit.Abstractions;

namespace CrawlCluster.IntegrationTests.Faults;

/// <summary>One shared PostgreSQL for the suite (each scenario gets its own database).</summary>
public sealed class FaultPostgres : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The fault suite at 2,000 pages: a cluster of built executables (Kafka Monitor, two crawlers, Redis Monitor, gateway,
/// sink into PostgreSQL) crawls a generated site while one fault is injected; nothing may be lost and no process may
/// exit on its own. Each scenario prints its row of the table docs/reliability.md holds at 10,000 pages.
/// </summary>
[Collection("faults")]
[Trait("Kind", "Fault")]
public sealed class FaultSuiteTests(FaultPostgres postgres, ITestOutputHelper output) : IClassFixture<FaultPostgres>
{
    private const int Pages = 2_000;

    /// <summary>Every scenario on Redis Streams; the process kills on the Kafka mock as well.</summary>
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var scenario in FaultSuite.Scenarios)
        {
            cases.Add(scenario.Name, "redis");
        }

        foreach (var name in new[] { "baseline", "kill-crawler", "kill-kafka-monitor", "kill-redis-monitor", "kill-sink" })
        {
            cases.Add(name, "kafka");
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Scenario_LosesNothing_AndNoProcessExits(string name, string platform)
    {
        var scenario = FaultSuite.Named(name);

        var result = await FaultSuite.RunAsync(scenario, platform, Pages, postgres.Server);
        output.WriteLine(ScenarioResult.Header);
        output.WriteLine(result.ToString());

        Assert.Empty(result.Crashed);
        if (!scenario.LossFree)
        {
            // The store forgot everything: what is lost is reported, not promised; every process must live through it.
            return;
        }

        Assert.Equal(0, result.Lost);
        Assert.True(result.Completed, "no crawl_complete notice");
        Assert.Equal(result.Published, result.RowsDistinct);
        // A page given up may be published too (with its 5xx status), so the two are not added up against the site's size.
        Assert.InRange(result.Published, result.Expected - result.GivenUp, Pages);
        if (name == "baseline")
        {
            Assert.Equal((Pages, 0, 0), (result.Published, result.Duplicates, result.GivenUp));
        }
    }
}
