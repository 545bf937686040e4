using System.Globalization;
using CrawlCluster.TestSupport;
using CrawlCluster.TestSupport.Faults;

namespace CrawlCluster.Harness.Faults;

/// <summary>
/// <c>harness faults</c>: every scenario of the fault suite on a bigger site (10,000 pages by default), on Redis Streams
/// and on the Kafka mock, printed as the table docs/reliability.md holds. Options: <c>--pages N</c>, <c>--only a,b</c>,
/// <c>--platform redis|kafka</c> (both by default), <c>--out FILE</c> (the table as Markdown as well).
/// </summary>
internal static class FaultTable
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pages = int.Parse(Option(args, "--pages") ?? "10000", CultureInfo.InvariantCulture);
        var only = Option(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var platforms = Option(args, "--platform") is { } platform ? [platform] : new[] { "redis", "kafka" };
        var output = Option(args, "--out");
        if (pages > 10_648)
        {
            Console.Error.WriteLine($"--pages: at most 10,648 pages lie within depth 3 of the generated site ({pages} asked)");
            return 2;
        }

        await using var postgres = await PostgresServer.StartAsync(durable: true);
        var rows = new List<string>();
        Console.WriteLine($"Fault suite: {pages:N0} pages, platforms {string.Join(", ", platforms)}; each scenario on a fresh cluster.");
        Console.WriteLine(ScenarioResult.Header);
        foreach (var platformName in platforms)
        {
            foreach (var scenario in FaultSuite.Scenarios.Where(s => only is null || only.Contains(s.Name)))
            {
                ScenarioResult result;
                try
                {
                    result = await FaultSuite.RunAsync(scenario, platformName, pages, postgres);
                }
                catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
                {
                    Console.WriteLine($"| {scenario.Name} | {platformName} | failed to run: {ex.Message.Split('\n')[0]} |");
                    continue;
                }

                Console.WriteLine(result.ToString());
                rows.Add(result.Row);
            }
        }

        if (output is not null)
        {
            await File.WriteAllTextAsync(output, ScenarioResult.Header + "\n" + string.Join("\n", rows) + "\n");
        }

        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
