using System.Globalization;

namespace CrawlCluster.TestSupport.Faults;

/// <summary>What one scenario's crawl ended with, counted from outside: the bus, the database, the processes.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Platform">The bus: <c>redis</c> (Redis Streams) or <c>kafka</c> (the mock).</param>
/// <param name="Expected">Pages the crawl should publish: every page, less the subtrees of pages given up.</param>
/// <param name="Published">Distinct pages published on the crawled topic.</param>
/// <param name="Duplicates">Pages published more than once (messages − distinct pages).</param>
/// <param name="GivenUp">Pages the crawlers gave up on, with a reason (a failure, reported, not lost).</param>
/// <param name="Rows">Rows of the crawl the sink stored.</param>
/// <param name="RowsDistinct">Distinct pages among those rows.</param>
/// <param name="Lost">Expected pages neither published nor given up.</param>
/// <param name="Recovery">From the end of the fault to the next page published (or row stored); null when nothing was left to do.</param>
/// <param name="Finished">From the end of the fault to the last page published; null when there was no fault end.</param>
/// <param name="Crashed">Processes that exited on their own.</param>
/// <param name="Completed">Whether the Redis Monitor announced <c>crawl_complete</c>.</param>
/// <param name="Elapsed">The whole scenario, start of the cluster to the last count.</param>
/// <param name="Notes">What the injection saw.</param>
public sealed record ScenarioResult(string Scenario, string Platform, int Expected, int Published, int Duplicates, int GivenUp, long Rows, long RowsDistinct,
    int Lost, TimeSpan? Recovery, TimeSpan? Finished, IReadOnlyList<string> Crashed, bool Completed, TimeSpan Elapsed, IReadOnlyList<string> Notes)
{
    /// <summary>The table's header, in Markdown.</summary>
    public const string Header = """
        | scenario | bus | pages expected | distinct published | duplicates | given up | rows (distinct) | lost | recovery | last page after | process exits | crawl_complete | took |
        |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|
        """;

    /// <summary>This result as a row of the table.</summary>
    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"| {Scenario} | {(Platform == "redis" ? "Redis Streams" : "Kafka mock")} | {Expected:N0} | {Published:N0} | {Duplicates:N0} | {GivenUp:N0} | {Rows:N0} ({RowsDistinct:N0}) | {Lost:N0} | {Seconds(Recovery)} | {Seconds(Finished)} | {(Crashed.Count == 0 ? "none" : string.Join(", ", Crashed))} | {(Completed ? "yes" : "no")} | {Elapsed.TotalSeconds:0} s |");

    private static string Seconds(TimeSpan? span) => span is { } s ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, s.TotalSeconds):0.0} s") : "—";

    public override string ToString() => Row + (Notes.Count > 0 ? "\n  " + string.Join("\n  ", Notes) : "");
}
