using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CrawlCluster.Core.Bus;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Redis;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CrawlCluster.Harness.Crawl;

/// <summary>
/// <c>harness crawl</c> (issue 16): the generated 2,000-page site on nginx, crawled from its 20 front pages at depth 3
/// with the throttle out of the way, by (a) <c>crawlcluster crawler</c> with <c>kafka-monitor run</c> on redis-server and
/// Redis Streams, (b) <c>crawlcluster crawl</c> (everything in one process), (c) Debian's Scrapy with an equivalent
/// spider; and wrk against the same nginx for the HTTP ceiling. One table, ratios to Scrapy at the same concurrency.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class CrawlThroughput
{
    private const string Scrapy = "/usr/bin/scrapy";
    private const string Wrk = "/usr/bin/wrk";
    private const string GnuTime = "/usr/bin/time";
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(30);
    private static string? _traceFolder;
    private static string? _perfFolder;
    private static string _cli = "";
    private static int _warmups = 5;
    private static int _rounds = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var concurrencies = args.SkipWhile(a => a != "--concurrency").Skip(1).FirstOrDefault()?.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray()
            ?? [64, 256];
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',') ?? ["crawler", "crawl", "scrapy", "wrk"];
        // --crawlers 1,2,4: crawler processes on the same store and site (scaling out); each row is one count.
        var crawlerCounts = args.SkipWhile(a => a != "--crawlers").Skip(1).FirstOrDefault()?.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() ?? [1];
        _traceFolder = args.SkipWhile(a => a != "--trace").Skip(1).FirstOrDefault();
        _perfFolder = args.SkipWhile(a => a != "--perf").Skip(1).FirstOrDefault();
        // --warmups N: crawls of the whole site before the measured one (the crawler is a long-running process).
        _warmups = int.Parse(args.SkipWhile(a => a != "--warmups").Skip(1).FirstOrDefault() ?? "5", CultureInfo.InvariantCulture);
        // --rounds N: crawls of the site fed at once for the measured span (a longer span, steadier figures).
        _rounds = int.Parse(args.SkipWhile(a => a != "--rounds").Skip(1).FirstOrDefault() ?? "3", CultureInfo.InvariantCulture);
        // --cli DIR: run the crawlcluster.dll in DIR (as ./crawlcluster builds it, in artifacts/cli) instead of the harness's own copy.
        _cli = Path.GetFullPath(Path.Combine(args.SkipWhile(a => a != "--cli").Skip(1).FirstOrDefault() ?? AppContext.BaseDirectory, "crawlcluster.dll"));
        var missing = new[] { (Scrapy, "python3-scrapy"), (Wrk, "wrk"), (GnuTime, "time") }.Where(t => !File.Exists(t.Item1)).Select(t => t.Item2).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"crawl benchmark: install {string.Join(' ', missing)} and nginx-light first: sudo apt-get install nginx-light wrk python3-scrapy time");
            return 2;
        }

        await using var site = await BenchSite.StartAsync();
        Console.WriteLine($"Site: {site.TotalPages} pages on {BenchSite.Hosts} hosts (127.0.0.1-{BenchSite.Hosts}:{site.Port}), ~10 KB, {BenchSite.LinksPerPage} links each; "
            + $"depth 3; {Environment.ProcessorCount} cores; concurrency {string.Join(", ", concurrencies)}");
        var rows = new List<Row>();
        foreach (var concurrency in concurrencies)
        {
            if (only.Contains("crawler"))
            {
                foreach (var count in crawlerCounts)
                {
                    rows.Add(Print(await ClusterAsync(site, concurrency, count)));
                }
            }

            if (only.Contains("crawl"))
            {
                rows.Add(Print(await CrawlCommandAsync(site, concurrency)));
            }

            if (only.Contains("scrapy"))
            {
                rows.Add(Print(await ScrapyAsync(site, concurrency)));
            }
        }

        var ceiling = only.Contains("wrk") ? await WrkAsync(site) : (double?)null;
        Console.WriteLine();
        Console.WriteLine("| what | concurrency | pages | pages/s | × Scrapy | CPU ms/page (process) | × less than Scrapy | CPU ms/page (box) | fetch→result p50 / p99 ms | peak RSS MiB | wall s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var scrapy = rows.FirstOrDefault(r => r.What.StartsWith("Scrapy", StringComparison.Ordinal) && r.Concurrency == row.Concurrency);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.What} | {row.Concurrency} | {row.Pages:N0}{(row.Duplicates > 0 ? $" (+{row.Duplicates} dup)" : "")} | {row.PagesPerSecond:N0} | {Ratio(row.PagesPerSecond, scrapy?.PagesPerSecond)} "
                + $"| {row.ProcessCpuMs:F2} | {Ratio(scrapy?.ProcessCpuMs, row.ProcessCpuMs)} | {row.BoxCpuMs:F2} | {(row.LatencyP50 is { } p50 ? $"{p50:F1} / {row.LatencyP99:F1}" : "—")} "
                + $"| {row.PeakRssMiB:F0} | {row.Wall.TotalSeconds:F1} |"));
        }

        if (ceiling is { } requests)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| wrk (2 threads, 64 connections, one 10 KB page) | 64 | — | {requests:N0} | | | | | | | |"));
        }

        foreach (var row in rows.Where(r => r.StoreCpuMs is not null))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"redis-server CPU for {row.What} at {row.Concurrency}: {row.StoreCpuMs:F3} ms per page; kafka-monitor: {row.MonitorCpuMs:F3} ms per page\n  redis commands per page: {row.StoreCalls}"));
        }

        return 0;
    }

    /// <summary>
    /// (a) kafka-monitor run + <paramref name="crawlers"/> crawler processes + redis-server, on Redis Streams; measured
    /// from the feed to the last page on the crawled topic. CPU per page is the crawlers' together; RSS the largest.
    /// </summary>
    private static async Task<Row> ClusterAsync(BenchSite site, int concurrency, int crawlers)
    {
        await using var redis = await RedisServer.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = "redis",
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = redis.Port.ToString(CultureInfo.InvariantCulture),
            ["SCHEDULER_IP_ENABLED"] = "false",
            ["QUEUE_HITS"] = "1000000",
            ["QUEUE_WINDOW"] = "1",
            ["QUEUE_MODERATED"] = "false",
            ["CONCURRENT_REQUESTS"] = concurrency.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in Experiments())
        {
            environment[name] = value;
        }

        if (_perfFolder is not null)
        {
            // perf resolves JIT-compiled frames through /tmp/perf-<pid>.map.
            environment["DOTNET_PerfMapEnabled"] = "1";
        }

        await using var monitor = RunningProcess.Start("dotnet", [_cli, "kafka-monitor", "run"], environment);
        var crawlerProcesses = Enumerable.Range(0, crawlers).Select(_ => RunningProcess.Start("dotnet", [_cli, "crawler"], environment)).ToList();
        await using var stopCrawlers = new ProcessGroup(crawlerProcesses);
        var crawler = crawlerProcesses[0];
        await monitor.WaitForLineAsync("Kafka Monitor reading", TimeSpan.FromSeconds(60));
        foreach (var process in crawlerProcesses)
        {
            await process.WaitForLineAsync("Crawler link started", TimeSpan.FromSeconds(60));
        }
        var redisPid = int.Parse(((string?)(await redis.Connection.GetServer(redis.EndPoint).InfoAsync("server")).SelectMany(g => g).First(p => p.Key == "process_id").Value)!, CultureInfo.InvariantCulture);

        TimeSpan CrawlersCpu() => crawlerProcesses.Aggregate(TimeSpan.Zero, (sum, p) => sum + ProcFs.ProcessCpu(p.Id));
        var db = redis.Connection.GetDatabase();
        RedisKey crawled = RedisStreamKeys.Prefix + "demo.crawled_firehose";

        // A long-running crawler is measured warm: the same site is crawled once first (another crawl id, so nothing is a
        // duplicate), and the figures are those of the second crawl — not of the JIT compiling the first one.
        await using var bus = new RedisStreamsMessageBus(redis.Connection, JsonCodec.Instance, 1_000_000, TimeSpan.FromHours(1), NullLogger.Instance);
        for (var warmup = 1; warmup <= _warmups; warmup++)
        {
            await FeedAsync(bus, site, $"warmup{concurrency}-{warmup}");
            await WaitForAsync(async () => await db.StreamLengthAsync(crawled), warmup * (long)site.TotalPages);
        }

        var warm = await db.StreamLengthAsync(crawled);
        var commandsBefore = await CommandCallsAsync(redis);
        var (crawlerCpu, monitorCpu, storeCpu, box) = (CrawlersCpu(), ProcFs.ProcessCpu(monitor.Id), ProcFs.ProcessCpu(redisPid), ProcFs.MachineBusy());
        // --trace DIR: a CPU sampling trace of the crawler process over the crawl (dotnet-trace, a .NET tool), for `dotnet-trace report`.
        await using var trace = _traceFolder is null ? null : RunningProcess.Start(DotnetTool("dotnet-trace"),
            ["collect", "-p", crawler.Id.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-common,dotnet-sampled-thread-time", "-o", Path.Combine(Path.GetFullPath(_traceFolder), $"crawler-{concurrency}.nettrace")]);
        if (trace is not null)
        {
            await trace.WaitForLineAsync("Process", TimeSpan.FromSeconds(30));
        }

        // --perf DIR: Linux perf's CPU samples of the crawler process over the measured crawl (perf report -i DIR/crawler-N.perf).
        await using var perf = _perfFolder is null ? null : RunningProcess.Start("perf",
            ["record", "-F", "999", "-g", "-p", crawler.Id.ToString(CultureInfo.InvariantCulture), "-o", Path.Combine(Path.GetFullPath(_perfFolder), $"crawler-{concurrency}.perf")]);
        var clock = Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow;
        for (var round = 1; round <= _rounds; round++)
        {
            await FeedAsync(bus, site, $"c{concurrency}-{round}");
        }

        await WaitForAsync(async () => await db.StreamLengthAsync(crawled) - warm, _rounds * (long)site.TotalPages);
        var wall = clock.Elapsed;
        var commandsAfter = await CommandCallsAsync(redis);
        if (perf is not null)
        {
            perf.Interrupt();
            await perf.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }

        if (trace is not null)
        {
            // dotnet-trace stops on Ctrl-C and writes the file.
            trace.Interrupt();
            await trace.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }

        var row = new Row(crawlers == 1 ? "crawlcluster crawler (+ kafka-monitor, redis-server, Redis Streams)"
            : $"crawlcluster crawler × {crawlers} processes (+ kafka-monitor, redis-server, Redis Streams)", concurrency)
        {
            Wall = wall,
            ProcessCpuMs = (CrawlersCpu() - crawlerCpu).TotalMilliseconds,
            BoxCpuMs = (ProcFs.MachineBusy() - box).TotalMilliseconds,
            PeakRssMiB = crawlerProcesses.Max(p => p.PeakRssMiB),
            StoreCpuMs = (ProcFs.ProcessCpu(redisPid) - storeCpu).TotalMilliseconds,
            MonitorCpuMs = (ProcFs.ProcessCpu(monitor.Id) - monitorCpu).TotalMilliseconds,
        };

        // Each entry's id is the time the bus took the page (ms); the page's timestamp is when it was fetched.
        var latencies = new List<double>();
        var urls = new List<string>();
        long last = 0;
        foreach (var entry in (await db.StreamRangeAsync(crawled)).Skip((int)warm))
        {
            var published = long.Parse(((string)entry.Id!).Split('-')[0], CultureInfo.InvariantCulture);
            using var page = JsonDocument.Parse((byte[])entry[RedisStreamKeys.ValueField]!);
            urls.Add($"{page.RootElement.GetProperty("crawlid").GetString()} {page.RootElement.GetProperty("url").GetString()}");
            var fetched = Timestamp(page.RootElement.GetProperty("timestamp").GetString()!);
            latencies.Add(published - fetched.ToUnixTimeMilliseconds());
            last = Math.Max(last, published);
        }

        // What each page cost the store, command by command (scripts count as EVALSHA).
        row.StoreCalls = string.Join(", ", commandsAfter.Select(c => (c.Key, Calls: c.Value - commandsBefore.GetValueOrDefault(c.Key)))
            .Where(c => c.Calls > 0).OrderByDescending(c => c.Calls)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Calls / (double)Math.Max(urls.Count, 1):F2}")));
        return row.WithPages(urls, TimeSpan.FromMilliseconds(last - start.ToUnixTimeMilliseconds()), latencies);
    }

    /// <summary>redis-server's calls per command so far (INFO commandstats).</summary>
    private static async Task<Dictionary<string, long>> CommandCallsAsync(RedisServer redis)
    {
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in (await redis.Connection.GetServer(redis.EndPoint).InfoAsync("commandstats")).SelectMany(g => g))
        {
            // cmdstat_evalsha: calls=123,usec=...
            var count = value.Split(',')[0];
            calls[key.Replace("cmdstat_", "", StringComparison.Ordinal)] = long.Parse(count["calls=".Length..], CultureInfo.InvariantCulture);
        }

        return calls;
    }

    private static async Task FeedAsync(RedisStreamsMessageBus bus, BenchSite site, string crawlId)
    {
        foreach (var url in site.FrontPages)
        {
            await bus.ProduceAsync("demo.incoming", BusMessage.FromJson(JsonSerializer.Serialize(new { url, appid = "bench", crawlid = crawlId, maxdepth = 3 })), CancellationToken.None);
        }
    }

    /// <summary>(b) <c>crawlcluster crawl</c>: embedded store and bus, everything in one process, pages to a JSON-lines file.</summary>
    private static async Task<Row> CrawlCommandAsync(BenchSite site, int concurrency)
    {
        var folder = Directory.CreateTempSubdirectory("crawlcluster-bench-crawl-").FullName;
        try
        {
            var output = Path.Combine(folder, "pages.jsonl");
            var (wall, cpu, rss, box) = await TimedAsync("dotnet",
                [_cli, "crawl", .. site.FrontPages, "--depth", "3", "--hits", "1000000", "--window", "1",
                    "--no-moderation", "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), "--out", output], folder,
                Experiments().ToDictionary(e => e.Name, e => e.Value));
            var pages = File.ReadLines(output).Select(l => JsonDocument.Parse(l)).ToList();
            var fetched = pages.Select(p => Timestamp(p.RootElement.GetProperty("timestamp").GetString()!)).Order().ToList();
            var row = new Row("crawlcluster crawl (one process, embedded)", concurrency) { Wall = wall, ProcessCpuMs = cpu.TotalMilliseconds, BoxCpuMs = box.TotalMilliseconds, PeakRssMiB = rss };
            return row.WithPages([.. pages.Select(p => p.RootElement.GetProperty("url").GetString()!)], fetched[^1] - fetched[0], null);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>(c) Scrapy 2.8 from Debian with <c>bench_spider.py</c>: same front pages, depth 3, robots.txt obeyed, the page with its body to a JSON-lines file.</summary>
    private static async Task<Row> ScrapyAsync(BenchSite site, int concurrency)
    {
        var folder = Directory.CreateTempSubdirectory("crawlcluster-bench-scrapy-").FullName;
        try
        {
            var output = Path.Combine(folder, "pages.jsonl");
            var (wall, cpu, rss, box) = await TimedAsync(Scrapy,
                ["runspider", Path.Combine(AppContext.BaseDirectory, "Crawl", "bench_spider.py"), "-a", "starts=" + string.Join(',', site.FrontPages),
                    "-s", "CONCURRENT_REQUESTS=" + concurrency.ToString(CultureInfo.InvariantCulture), "-O", output], folder);
            var pages = File.ReadLines(output).Select(l => JsonDocument.Parse(l)).ToList();
            var times = pages.Select(p => p.RootElement.GetProperty("ts").GetDouble()).Order().ToList();
            var row = new Row($"Scrapy {ScrapyVersion()} (Debian)", concurrency) { Wall = wall, ProcessCpuMs = cpu.TotalMilliseconds, BoxCpuMs = box.TotalMilliseconds, PeakRssMiB = rss };
            return row.WithPages([.. pages.Select(p => p.RootElement.GetProperty("url").GetString()!)], TimeSpan.FromSeconds(times[^1] - times[0]), null);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>(d) wrk on one 10 KB page for 5 s: what nginx serves on this machine.</summary>
    private static async Task<double> WrkAsync(BenchSite site)
    {
        var wrk = RunningProcess.Start(Wrk, ["-t2", "-c64", "-d5s", site.FrontPage(1) + "p1.html"]);
        await wrk.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var line = wrk.Output.First(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal));
        return double.Parse(line["Requests/sec:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a command under GNU time: wall clock, user + system CPU, peak RSS, and the machine's busy CPU meanwhile.</summary>
    // Experiments: BENCH_CRAWLER_X=Y in the harness's environment sets X=Y for our processes (the cluster's and `crawl`'s).
    private static IEnumerable<(string Name, string Value)> Experiments() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => ((string)e.Key, (string?)e.Value ?? "")).Where(e => e.Item1.StartsWith("BENCH_CRAWLER_", StringComparison.Ordinal))
            .Select(e => (e.Item1["BENCH_CRAWLER_".Length..], e.Item2));

    private static async Task<(TimeSpan Wall, TimeSpan Cpu, double RssMiB, TimeSpan Box)> TimedAsync(string command, IReadOnlyList<string> args, string folder,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var times = Path.Combine(folder, "time.txt");
        var box = ProcFs.MachineBusy();
        var clock = Stopwatch.StartNew();
        await using var process = RunningProcess.Start(GnuTime, ["-f", "%e %U %S %M", "-o", times, command, .. args], environment);
        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(10));
        var wall = clock.Elapsed;
        var busy = ProcFs.MachineBusy() - box;
        if (exit != 0)
        {
            throw new InvalidOperationException($"{command} exited {exit}:\n{process.AllText}");
        }

        var fields = (await File.ReadAllLinesAsync(times)).Last().Split(' ').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (wall, TimeSpan.FromSeconds(fields[1] + fields[2]), fields[3] / 1024.0, busy);
    }

    private static async Task WaitForAsync(Func<Task<long>> count, long expected)
    {
        var (seen, since) = (-1L, Stopwatch.StartNew());
        while (true)
        {
            var now = await count();
            if (now >= expected)
            {
                return;
            }

            if (now != seen)
            {
                (seen, since) = (now, Stopwatch.StartNew());
            }
            else if (since.Elapsed > Stall)
            {
                Console.Error.WriteLine($"  stalled at {now} of {expected} pages");
                return;
            }

            await Task.Delay(20);
        }
    }

    private static string DotnetTool(string name) =>
        new[] { Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", name) }.FirstOrDefault(File.Exists) ?? name;

    private static DateTimeOffset Timestamp(string text) =>
        new(DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc));

    private static string ScrapyVersion()
    {
        var version = RunningProcess.Start(Scrapy, ["version"]);
        version.WaitForExitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return version.Output.FirstOrDefault()?.Replace("Scrapy ", "", StringComparison.Ordinal).Trim() ?? "?";
    }

    private static string Ratio(double? numerator, double? denominator) =>
        numerator is { } n && denominator is { } d && d > 0 ? string.Create(CultureInfo.InvariantCulture, $"{n / d:F1}×") : "";

    private static Row Print(Row row)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {row.What}, concurrency {row.Concurrency}: {row.Pages} pages, {row.PagesPerSecond:N0} pages/s, {row.ProcessCpuMs:F2} ms CPU/page, {row.PeakRssMiB:F0} MiB"));
        return row;
    }

    /// <summary>Stops a set of processes together.</summary>
    private sealed class ProcessGroup(IReadOnlyList<RunningProcess> processes) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    private sealed record Row(string What, int Concurrency)
    {
        public int Pages { get; private set; }

        public int Duplicates { get; private set; }

        public double PagesPerSecond { get; private set; }

        public TimeSpan Wall { get; init; }

        /// <summary>Total first, per page after <see cref="WithPages"/>.</summary>
        public double ProcessCpuMs { get; set; }

        public double BoxCpuMs { get; set; }

        public double PeakRssMiB { get; init; }

        public double? StoreCpuMs { get; set; }

        public double? MonitorCpuMs { get; set; }

        public string? StoreCalls { get; set; }

        public double? LatencyP50 { get; private set; }

        public double? LatencyP99 { get; private set; }

        /// <summary>Counts the pages and turns the totals into per-page figures; the rate is over <paramref name="span"/>.</summary>
        public Row WithPages(IReadOnlyList<string> urls, TimeSpan span, List<double>? latencies)
        {
            Pages = urls.Distinct(StringComparer.Ordinal).Count();
            Duplicates = urls.Count - Pages;
            PagesPerSecond = urls.Count / Math.Max(span.TotalSeconds, 0.001);
            var per = Math.Max(urls.Count, 1);
            (ProcessCpuMs, BoxCpuMs) = (ProcessCpuMs / per, BoxCpuMs / per);
            (StoreCpuMs, MonitorCpuMs) = (StoreCpuMs / per, MonitorCpuMs / per);
            if (latencies is { Count: > 0 })
            {
                latencies.Sort();
                (LatencyP50, LatencyP99) = (latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)]);
            }

            return this;
        }
    }
}
