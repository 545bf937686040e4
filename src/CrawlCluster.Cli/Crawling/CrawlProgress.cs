using System.Globalization;
using CrawlCluster.Core.Frontier;
using Spectre.Console;

namespace CrawlCluster.Cli.Crawling;

/// <summary>
/// How <c>crawl</c> shows its progress on standard error: a live Spectre.Console table on a terminal, a plain line
/// every few seconds otherwise (CI, pipes, files), so logs stay readable.
/// </summary>
internal abstract class CrawlProgress
{
    /// <summary>The display that suits standard error.</summary>
    public static CrawlProgress For(TextWriter error) => !Console.IsErrorRedirected && error == Console.Error
        ? new Live()
        : new Plain(error);

    /// <summary>Runs <paramref name="loop"/>, which reports through the callback it is given.</summary>
    public abstract Task<T> RunAsync<T>(CrawlTally tally, Func<Action<CrawlCounts>, Task<T>> loop);

    /// <summary>The summary at the end.</summary>
    public abstract Task SummaryAsync(CrawlTally tally, CrawlCounts counts, TimeSpan elapsed, string output, string crawlId, bool interrupted, long? retried);

    private static IReadOnlyList<(string Name, string Value)> Rows(CrawlTally tally, CrawlCounts counts, TimeSpan elapsed) =>
    [
        ("pages", tally.Pages.ToString(CultureInfo.InvariantCulture)),
        ("pending", counts.Pending.ToString(CultureInfo.InvariantCulture)),
        ("in flight", counts.InFlight.ToString(CultureInfo.InvariantCulture)),
        ("failed", counts.Failed.ToString(CultureInfo.InvariantCulture)),
        ("status", tally.StatusText()),
        ("rate", string.Create(CultureInfo.InvariantCulture, $"{tally.Pages / Math.Max(0.001, elapsed.TotalSeconds):F1} pages/s")),
        ("bytes", CrawlTally.Size(tally.Bytes)),
        ("domains", Busiest(tally)),
        ("elapsed", elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)),
        ("politeness", tally.WaitingText()),
    ];

    private static string Busiest(CrawlTally tally)
    {
        var top = string.Join(", ", tally.Domains.OrderByDescending(d => d.Value).Take(3).Select(d => $"{d.Key} ({d.Value})"));
        return string.Create(CultureInfo.InvariantCulture, $"{tally.Domains.Count}{(top.Length > 0 ? ": " + top : "")}");
    }

    // Retries are known only from the cluster's status answer; without one the row is left out rather than guessed.
    private static IEnumerable<(string Name, string Value)> SummaryRows(CrawlTally tally, CrawlCounts counts, TimeSpan elapsed, string output, string crawlId,
        long? retried) =>
        [("crawl id", crawlId),
            .. Rows(tally, counts, elapsed).Where(r => r.Name != "politeness")
                .SelectMany(r => r.Name == "failed" && retried is { } n ? [r, ("retried", n.ToString(CultureInfo.InvariantCulture))] : new[] { r }),
            ("left", $"{counts.Pending} pending, {counts.InFlight} in flight"),
            ("output", output switch { "-" => "standard output", "" => "none (no page was crawled)", _ => Path.GetFullPath(output) })];

    /// <summary>A plain line every two seconds.</summary>
    private sealed class Plain(TextWriter error) : CrawlProgress
    {
        private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

        public override Task<T> RunAsync<T>(CrawlTally tally, Func<Action<CrawlCounts>, Task<T>> loop)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var last = TimeSpan.Zero;
            return loop(counts =>
            {
                if (clock.Elapsed - last >= Every)
                {
                    last = clock.Elapsed;
                    error.WriteLine("crawl: " + string.Join(", ", Rows(tally, counts, clock.Elapsed).Select(r => $"{r.Name} {r.Value}")));
                }
            });
        }

        public override async Task SummaryAsync(CrawlTally tally, CrawlCounts counts, TimeSpan elapsed, string output, string crawlId, bool interrupted, long? retried)
        {
            await error.WriteLineAsync(interrupted ? "Crawl interrupted." : "Crawl finished.").ConfigureAwait(false);
            foreach (var (name, value) in SummaryRows(tally, counts, elapsed, output, crawlId, retried))
            {
                await error.WriteLineAsync($"  {name,-10} {value}").ConfigureAwait(false);
            }
        }
    }

    /// <summary>A live table, redrawn as leases end.</summary>
    private sealed class Live : CrawlProgress
    {
        private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

        public override async Task<T> RunAsync<T>(CrawlTally tally, Func<Action<CrawlCounts>, Task<T>> loop)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var table = Table(Rows(tally, new CrawlCounts(0, 0, 0, 0), TimeSpan.Zero));
            return await _console.Live(table).AutoClear(true).StartAsync(context => loop(counts =>
            {
                var rows = Rows(tally, counts, clock.Elapsed);
                for (var i = 0; i < rows.Count; i++)
                {
                    table.UpdateCell(i, 1, Markup.Escape(rows[i].Value));
                }

                context.Refresh();
            })).ConfigureAwait(false);
        }

        public override Task SummaryAsync(CrawlTally tally, CrawlCounts counts, TimeSpan elapsed, string output, string crawlId, bool interrupted, long? retried)
        {
            var table = Table(SummaryRows(tally, counts, elapsed, output, crawlId, retried));
            table.Title(interrupted ? "Crawl interrupted" : "Crawl finished");
            _console.Write(table);
            return Task.CompletedTask;
        }

        private static Table Table(IEnumerable<(string Name, string Value)> rows)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("crawl").AddColumn(new TableColumn("").NoWrap());
            foreach (var (name, value) in rows)
            {
                table.AddRow(Markup.Escape(name), Markup.Escape(value));
            }

            return table;
        }
    }
}
