using System.CommandLine;
using System.Globalization;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrawlCluster.Cli.Configuration;
using CrawlCluster.Cli.Crawling;
using CrawlCluster.Cli.Hosting;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Stats;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Scheduling;
using CrawlCluster.Crawler;
using CrawlCluster.Crawler.Engine;
using CrawlCluster.KafkaMonitor;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.KafkaMonitor.Validation;
using CrawlCluster.RedisMonitor;
using CrawlCluster.Rest;
using CrawlCluster.Rest.Api;
using CrawlCluster.Sink;
using Microsoft.Extensions.DependencyInjection;

namespace CrawlCluster.Cli.Commands;

/// <summary>
/// <c>crawlcluster crawl URL [URL...]</c> (issue 7): the whole cluster in this process — embedded Garnet, the
/// in-memory bus, a Kafka Monitor and crawl engines — fed one crawl request per URL through the incoming topic, as an
/// application would, writing every crawled page as a JSON line, and exiting when nothing is pending or in flight.
/// </summary>
internal static class CrawlCommand
{
    private const string AppId = "crawlcluster";

    // The monitor answers an idle job in milliseconds; this only bounds a crawl's exit when it does not.
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The command.</summary>
    public static Command Create(SettingsLoader loader)
    {
        var urls = new Argument<string[]>("url") { Description = "Where to start", Arity = ArgumentArity.OneOrMore };
        var depth = new Option<int>("--depth") { Description = "Link levels to follow from each URL (0-3, the crawl API's limit)", HelpName = "N" };
        var spider = new Option<string>("--spider") { Description = "The spider type", DefaultValueFactory = _ => "link", HelpName = "NAME" };
        var allowedDomains = new Option<string[]>("--allowed-domain") { Description = "Only follow links to this domain and its subdomains (repeatable)", HelpName = "DOMAIN" };
        var allow = new Option<string[]>("--allow") { Description = "Only follow links matching this regex (repeatable)", HelpName = "REGEX" };
        var deny = new Option<string[]>("--deny") { Description = "Never follow links matching this regex (repeatable; wins over --allow)", HelpName = "REGEX" };
        var maxPages = new Option<int?>("--max-pages") { Description = "Pages per domain (domain_max_pages, up to 2000)", HelpName = "N" };
        var priority = new Option<int>("--priority") { Description = "Priority 1-100", DefaultValueFactory = _ => 1, HelpName = "N" };
        var userAgent = new Option<string?>("--useragent") { Description = "User-Agent for this crawl", HelpName = "TEXT" };
        var cookie = new Option<string?>("--cookie") { Description = "Cookie header for this crawl", HelpName = "TEXT" };
        var attrs = new Option<string?>("--attrs") { Description = "A JSON object passed through to every page", HelpName = "JSON" };
        var crawlers = new Option<int>("--crawlers") { Description = "Crawl engines in this process", DefaultValueFactory = _ => 1, HelpName = "N" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Requests each engine crawls at once (CONCURRENT_REQUESTS)", HelpName = "N" };
        var hits = new Option<int?>("--hits") { Description = "Pages per domain per window (default 60, or QUEUE_HITS if set)", HelpName = "N" };
        var window = new Option<int?>("--window") { Description = "The politeness window in seconds (default 60, or QUEUE_WINDOW)", HelpName = "SECONDS" };
        var noModeration = new Option<bool>("--no-moderation") { Description = "Let a domain's pages go in bursts instead of evenly spaced" };
        var noRobots = new Option<bool>("--no-robots") { Description = "Ignore robots.txt (ROBOTSTXT_OBEY=false); only for sites you run" };
        var output = new Option<string?>("--out") { Description = "Where the pages go ('-' for standard output; default crawl-<crawlid>.<format>)", HelpName = "FILE" };
        var format = new Option<string>("--format") { Description = "jsonl (one crawled-page message per line), json (one array) or csv (url, status, title, depth, bytes, crawled_at, links)", DefaultValueFactory = _ => "jsonl", HelpName = "FORMAT" };
        var noBody = new Option<bool>("--no-body") { Description = "Leave the page bodies out of the output" };
        var fields = new Option<string?>("--fields") { Description = "Only these fields (JSON) or columns (CSV), comma-separated", HelpName = "A,B,C" };
        var maxPagesTotal = new Option<int?>("--max-pages-total") { Description = "Stop the whole crawl after this many pages", HelpName = "N" };
        var timeLimit = new Option<string?>("--time-limit") { Description = "Stop the whole crawl after this long (90s, 10m, 2h)", HelpName = "DURATION" };
        var database = new Option<string?>("--db")
        {
            Description = "Also store the pages in a database: a SQLite file (crawl-<crawlid>.db when no value is given) or a postgresql:// URL (SINK_DATABASE_URL)",
            HelpName = "FILE|URL",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var dashboard = new Option<bool>("--dashboard")
        {
            Description = "Serve the web dashboard (and the gateway's API) while the crawl runs, on FLASK_PORT (5343, or a free port when taken), and print its URL",
        };
        var command = new Command("crawl", CommandCatalog.Get("crawl").Summary)
        {
            urls, depth, spider, allowedDomains, allow, deny, maxPages, priority, userAgent, cookie, attrs, crawlers, concurrency, hits, window, noModeration, noRobots, output,
            format, noBody, fields, maxPagesTotal, timeLimit, database, dashboard,
        };
        CommandRunner.SetAction(command, async (parseResult, interrupted) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var crawlId = Guid.NewGuid().ToString("N")[..12];
            JsonNode? attributes = null;
            try
            {
                attributes = parseResult.GetValue(attrs) is { } text ? JsonNode.Parse(text) : null;
            }
            catch (JsonException ex)
            {
                await error.WriteLineAsync($"crawlcluster: --attrs is not JSON: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var requests = parseResult.GetValue(urls)!.Select(url => new JsonObject
            {
                ["url"] = url,
                ["appid"] = AppId,
                ["crawlid"] = crawlId,
                ["spiderid"] = parseResult.GetValue(spider),
                ["priority"] = parseResult.GetValue(priority),
                ["maxdepth"] = parseResult.GetValue(depth),
                ["domain_max_pages"] = parseResult.GetValue(maxPages),
                ["allowed_domains"] = List(parseResult.GetValue(allowedDomains)),
                ["allow_regex"] = List(parseResult.GetValue(allow)),
                ["deny_regex"] = List(parseResult.GetValue(deny)),
                ["useragent"] = parseResult.GetValue(userAgent),
                ["cookie"] = parseResult.GetValue(cookie),
                ["attrs"] = attributes?.DeepClone(),
            }).Select(WithoutNulls).ToList();

            // Retries show in the display's "retried" and a request given up in its "Failed" list: one line per retry
            // only buried the display (LOG_LEVEL or --log-level brings them back).
            using var scope = CommandScope.Create(parseResult, loader, CrawlerHosting.WithKafkaMonitor, Console.Error, defaultLevel: "WARNING",
                quietByDefault: new HashSet<int> { Crawler.Log.ScraperRetryId });
            var logger = scope.Logger("CrawlCluster.Crawl");
            var throttle = scope.Get<ThrottleOptions>();
            throttle.Hits = parseResult.GetValue(hits) ?? (scope.Configuration["QUEUE_HITS"] is null ? 60 : throttle.Hits);
            throttle.WindowSeconds = parseResult.GetValue(window) ?? (scope.Configuration["QUEUE_WINDOW"] is null ? 60 : throttle.WindowSeconds);
            throttle.Moderated = !parseResult.GetValue(noModeration) && throttle.Moderated;
            var downloader = scope.Get<DownloaderOptions>();
            downloader.ConcurrentRequests = parseResult.GetValue(concurrency) ?? downloader.ConcurrentRequests;
            downloader.RobotsTxtObey = !parseResult.GetValue(noRobots) && downloader.RobotsTxtObey;
            if (await CrawlerHosting.FindSpiderAsync(scope, parseResult.GetValue(spider)!, error).ConfigureAwait(false) is not { } crawlSpider)
            {
                return ExitCodes.UsageError;
            }

            var depths = new PageDepths();
            var (pageFormat, formatError) = PageFormat.From(parseResult.GetValue(format)!, parseResult.GetValue(noBody), parseResult.GetValue(fields), depths);
            var limit = parseResult.GetValue(timeLimit) is { } limitText ? Duration(limitText) : TimeSpan.MaxValue;
            var pageLimit = parseResult.GetValue(maxPagesTotal);
            var usage = formatError
                ?? (limit is null ? $"--time-limit {parseResult.GetValue(timeLimit)}: give a duration such as 90s, 10m or 2h" : null)
                ?? (pageLimit is < 1 ? "--max-pages-total must be at least 1" : null);
            if (usage is not null)
            {
                await error.WriteLineAsync("crawlcluster: " + usage).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var outPath = parseResult.GetValue(output) ?? $"crawl-{crawlId}.{parseResult.GetValue(format)!.ToLowerInvariant()}";
            if (outPath != "-" && Path.GetDirectoryName(Path.GetFullPath(outPath)) is { } folder && !Directory.Exists(folder))
            {
                await error.WriteLineAsync($"crawlcluster: --out {outPath}: the folder {folder} does not exist").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            // --db, or SINK_DATABASE_URL when set: a sink in this process lands every page in that database too.
            var sinkOptions = scope.Get<SinkOptions>();
            var sinkUrl = parseResult.GetResult(database) is null
                ? scope.Configuration["SINK_DATABASE_URL"] is null ? null : sinkOptions.DatabaseUrl
                : SinkHosting.UrlFor(parseResult.GetValue(database) ?? $"crawl-{crawlId}.db");
            sinkOptions.DatabaseUrl = sinkUrl ?? sinkOptions.DatabaseUrl;
            await using var sinkDatabase = sinkUrl is null ? null : await SinkHosting.TryOpenAsync(sinkOptions, error).ConfigureAwait(false);
            if (sinkUrl is not null && sinkDatabase is null)
            {
                return ExitCodes.UsageError;
            }

            var monitorOptions = scope.Get<KafkaMonitorOptions>();

            // Refused here with the crawl schema's reasons, as the Kafka Monitor would refuse them: nothing starts.
            var validator = await RequestValidator.LoadAsync(monitorOptions, logger).ConfigureAwait(false);
            var refused = requests.Select(r => (Url: r["url"]!.GetValue<string>(), validator.Validate(r.ToJsonString()).Errors)).Where(r => r.Errors.Count > 0).ToList();
            foreach (var (url, errors) in refused)
            {
                await error.WriteLineAsync($"crawlcluster: cannot crawl {url}: {string.Join("; ", errors)}").ConfigureAwait(false);
            }

            if (refused.Count > 0)
            {
                return ExitCodes.UsageError;
            }

            // --dashboard: the gateway in this process, on loopback unless REST_HOST says otherwise.
            var restOptions = scope.Get<RestOptions>();
            var restAddress = RestHosting.Address(restOptions);
            if (parseResult.GetValue(dashboard))
            {
                if (restAddress is null)
                {
                    await error.WriteLineAsync($"crawlcluster: REST_HOST '{restOptions.Host}' must be an IP address (127.0.0.1, 0.0.0.0, ::1) or localhost").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }

                restOptions.Port = RestHosting.PortFor(restOptions, restAddress, scope.Configuration["FLASK_PORT"] is not null);
            }

            var settings = CrawlerHosting.EngineSettings(scope, throttle, downloader, new StatsOptions { DumpSeconds = 0 });

            // One process crawls from one address: throttling per public IP would only add a lookup to a third party.
            settings.Scheduler.IpEnabled = false;
            var clock = Stopwatch.StartNew();
            var tally = new CrawlTally();
            await using var infrastructure = await Infrastructure.StartEmbeddedAsync().ConfigureAwait(false);
            await using var writer = new PageOutput(outPath, pageFormat!);
            using var stop = new CancellationTokenSource();

            // A closed output (crawl --out - | head -2) ends the crawl as Ctrl-C does.
            using var outputGone = new CancellationTokenSource();
            using var enough = new CancellationTokenSource(limit!.Value == TimeSpan.MaxValue ? Timeout.InfiniteTimeSpan : limit.Value);
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(interrupted, outputGone.Token, enough.Token);
            using var shutdown = new ShutdownSignal(stopping.Token);
            await using var pages = await infrastructure.Bus.SubscribeAsync(new ConsumerSettings([new TopicNames(settings.Topics).CrawledFirehose], Group: null), stop.Token)
                .ConfigureAwait(false);
            var writing = WriteAsync(pages, writer, tally, outputGone, pageLimit, enough, stop.Token);
            var workers = Math.Max(1, parseResult.GetValue(crawlers)) * downloader.ConcurrentRequests;
            void Register(IServiceCollection services)
            {
                infrastructure.Register(services, CrawlerHosting.DupeFilter(settings), settings.DomainConfig.DocumentName);
                services.AddKafkaMonitor(monitorOptions, new StatsOptions { DumpSeconds = 0 });
                services.AddRedisMonitor(new RedisMonitor.Jobs.RedisMonitorOptions(), new StatsOptions { DumpSeconds = 0 }, settings.Topics);
                services.AddSingleton(depths);
                settings.Components.ItemPipelines[nameof(CrawlRecorder)] = 1;
                services.AddCrawler(settings, crawlSpider, workers, new Dictionary<string, Type> { [nameof(CrawlRecorder)] = typeof(CrawlRecorder) });
                if (sinkDatabase is not null)
                {
                    SinkHosting.Register(services, sinkDatabase, SinkPlan.From(sinkOptions, settings.Topics, scope.Get<BusOptions>()) with
                    {
                        Topics = [new TopicNames(settings.Topics).CrawledFirehose],
                    });
                }
            }

            using var host = parseResult.GetValue(dashboard)
                ? ProcessHost.BuildWeb(scope.Configuration, scope.Loggers, services =>
                {
                    Register(services);
                    RestHosting.Register(services, restOptions, settings.Topics, validator, "crawl");
                }, RestHosting.Kestrel(restOptions, restAddress!), app => RestHosting.Configure(app, restOptions))
                : ProcessHost.Build(scope.Configuration, scope.Loggers, Register);
            var monitor = host.Services.GetRequiredService<KafkaMonitorService>();
            var crawler = host.Services.GetRequiredService<CrawlerService>();
            var ledger = host.Services.GetRequiredService<ICrawlLedger>();
            var frontier = host.Services.GetRequiredService<SpiderFrontier>().Consumer;
            var crawl = new CrawlIdentity(AppId, crawlId);
            var sink = host.Services.GetService<SinkService>();
            var progress = CrawlProgress.For(error);
            CrawlStatusAnswer? answered = null;
            var exit = await ProcessHost.RunAsync(host, error, shutdown.Token, async running =>
            {
                await Task.WhenAll(monitor.Ready, crawler.Ready, sink?.Ready ?? Task.CompletedTask).WaitAsync(running).ConfigureAwait(false);
                if (parseResult.GetValue(dashboard))
                {
                    var url = RestGateway.Url(restOptions, restOptions.Port);
                    await error.WriteLineAsync($"Dashboard: {url} (while the crawl runs)").ConfigureAwait(false);
                    RestGateway.WarnIfExposed(restOptions, logger);
                    BrowserLauncher.TryOpen(url);
                }

                foreach (var request in requests)
                {
                    await infrastructure.Bus.ProduceAsync(monitorOptions.IncomingTopic, BusMessage.FromJson(request.ToJsonString()), running).ConfigureAwait(false);
                }

                var exit = ExitCodes.Success;
                await monitor.Stats.WaitForFinishedAsync(requests.Count, running).ConfigureAwait(false);
                if (monitor.Stats.Failed > 0)
                {
                    await error.WriteLineAsync($"crawlcluster: {monitor.Stats.Failed} of {requests.Count} crawl requests were refused (see the log above)").ConfigureAwait(false);
                    exit = monitor.Stats.Handled == 0 ? ExitCodes.UsageError : exit;
                }

                exit = await progress.RunAsync(tally, async report =>
                {
                    while (true)
                    {
                        var next = crawler.NextLeaseEnded;
                        var counts = await ledger.CountsAsync(crawlSpider.Name, crawl, running).ConfigureAwait(false);
                        tally.Waiting = await frontier.WaitingAsync(running).ConfigureAwait(false);
                        report(counts);
                        if (counts.Finished && tally.Pages >= counts.Done)
                        {
                            return exit;
                        }

                        // A lease ending is the cue to look again; the timeout keeps the display's clock moving.
                        await next.WaitAsync(TimeSpan.FromMilliseconds(500), running).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                        running.ThrowIfCancellationRequested();
                    }
                }).ConfigureAwait(false);

                if (sink is not null)
                {
                    // Every page published is in the database before the host stops the sink.
                    await WaitForSinkAsync(sink, crawler, running).ConfigureAwait(false);
                }

                // The final figures come from the cluster's own answer to "status", as any application would get them.
                answered = await CrawlStatusQuery.AskAsync(infrastructure.Bus, monitorOptions.IncomingTopic, new TopicNames(settings.Topics).OutboundFirehose,
                    crawlSpider.Name, crawl, StatusTimeout, running).ConfigureAwait(false);
                return exit;
            }).ConfigureAwait(false);

            // Every page published before the crawler stopped is written before the summary counts them.
            if (!outputGone.IsCancellationRequested)
            {
                await tally.WaitForPagesAsync(crawler.PagesPublished, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            await stop.CancelAsync().ConfigureAwait(false);
            await IgnoreCancellationAsync(writing).ConfigureAwait(false);
            await writer.FlushAsync().ConfigureAwait(false);
            if (exit == ExitCodes.Success && answered?.Counts is null)
            {
                await error.WriteLineAsync(answered?.Error is { } reason
                    ? $"crawlcluster: the Redis Monitor could not answer the status request ({reason}); the figures below are the store's"
                    : $"crawlcluster: the Redis Monitor did not answer the status request within {StatusTimeout.TotalSeconds:F0} s; the figures below are the store's")
                    .ConfigureAwait(false);
            }

            var final = answered?.Counts ?? await ledger.CountsAsync(crawlSpider.Name, crawl, CancellationToken.None).ConfigureAwait(false);
            var limitReached = exit == ExitCodes.Interrupted && enough.IsCancellationRequested && !interrupted.IsCancellationRequested && !outputGone.IsCancellationRequested;
            await progress.SummaryAsync(tally, final, clock.Elapsed, writer.Created || outPath == "-" ? outPath : "", crawlId,
                exit == ExitCodes.Interrupted && !limitReached, answered?.Counts is null ? null : answered.Retried).ConfigureAwait(false);
            if (sink is not null)
            {
                await error.WriteLineAsync($"  {"database",-10} {sink.RowsWritten.ToString(CultureInfo.InvariantCulture)} rows in {sinkDatabase!.Description}"
                    + (sink.DeadLettersWritten > 0 ? $" ({sink.DeadLettersWritten.ToString(CultureInfo.InvariantCulture)} dead letters)" : "")).ConfigureAwait(false);
            }

            if (limitReached)
            {
                // The crawl stopped where the user asked: a success, with what was left said.
                await error.WriteLineAsync(tally.Pages >= pageLimit
                    ? $"crawlcluster: stopped at --max-pages-total {pageLimit}"
                    : $"crawlcluster: stopped at --time-limit {parseResult.GetValue(timeLimit)}").ConfigureAwait(false);
                exit = ExitCodes.Success;
            }

            var failures = crawler.Failures.Recent.Where(f => f.CrawlId == crawlId).ToList();
            if (failures.Count > 0)
            {
                await error.WriteLineAsync(tally.Pages == 0 && exit == ExitCodes.Success ? "crawlcluster: no page was crawled:" : $"Failed ({failures.Count}):")
                    .ConfigureAwait(false);
                foreach (var (url, reason, _) in failures.Take(20))
                {
                    await error.WriteLineAsync($"  {url}: {reason}").ConfigureAwait(false);
                }

                if (outPath != "-")
                {
                    await File.WriteAllLinesAsync(outPath + ".failures.jsonl",
                        failures.Select(f => new JsonObject { ["url"] = f.Url, ["reason"] = f.Reason }.ToJsonString()), CancellationToken.None).ConfigureAwait(false);
                }
            }

            if (exit == ExitCodes.Success && tally.Pages == 0)
            {
                // Nothing crawled is a failure, each start URL saying why (above).
                if (failures.Count == 0)
                {
                    await error.WriteLineAsync("crawlcluster: no page was crawled").ConfigureAwait(false);
                }

                exit = ExitCodes.Failure;
            }

            return exit;
        });
        return command;
    }

    private static JsonArray? List(string[]? values) => values is { Length: > 0 } ? new JsonArray([.. values.Select(v => (JsonNode)v)]) : null;

    // The crawl API's defaults come from the schema; a field the user did not give is left out, not sent as null.
    private static JsonObject WithoutNulls(JsonObject request)
    {
        foreach (var name in request.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            request.Remove(name);
        }

        return request;
    }

    private static async Task WriteAsync(IBusConsumer pages, PageOutput writer, CrawlTally tally, CancellationTokenSource outputGone, int? pageLimit,
        CancellationTokenSource enough, CancellationToken cancellationToken)
    {
        await foreach (var page in pages.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (tally.Pages >= pageLimit)
            {
                // Pages crawled in flight when the limit was reached are not written: the output holds exactly the limit.
                tally.Skip();
                continue;
            }

            tally.Add(page.Value.Span);
            try
            {
                await writer.WriteAsync(page.Text).ConfigureAwait(false);
            }
            catch (IOException)
            {
                await outputGone.CancelAsync().ConfigureAwait(false);
                return;
            }

            tally.Written();
            if (tally.Pages >= pageLimit)
            {
                await enough.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>90s, 10m, 2h, 1d, or a time span (00:05:00); null when it is none of these.</summary>
    private static TimeSpan? Duration(string text)
    {
        text = text.Trim();
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            TimeSpan? unit = char.ToLowerInvariant(text[^1]) switch { 's' => TimeSpan.FromSeconds(1), 'm' => TimeSpan.FromMinutes(1), 'h' => TimeSpan.FromHours(1), 'd' => TimeSpan.FromDays(1), _ => null };
            if (unit is { } u)
            {
                return u * amount;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span : null;
    }

    /// <summary>Waits (up to a minute) until the sink has stored as many messages as the crawler published.</summary>
    private static async Task WaitForSinkAsync(SinkService sink, CrawlerService crawler, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (sink.RowsWritten + sink.DeadLettersWritten < crawler.PagesPublished && deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped, as asked.
        }
    }
}
