using System.CommandLine;
using System.Globalization;
using CrawlCluster.Cli.Configuration;
using CrawlCluster.Cli.Hosting;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Stats;
using CrawlCluster.Core.Store;
using CrawlCluster.Crawler;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.Crawler.Spiders;
using CrawlCluster.KafkaMonitor;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.Messaging.Kafka;
using CrawlCluster.KafkaMonitor.Validation;
using CrawlCluster.RedisMonitor;
using CrawlCluster.Rest;
using CrawlCluster.Rest.Api;
using CrawlCluster.Sink;
using Microsoft.Extensions.DependencyInjection;

namespace CrawlCluster.Cli.Commands;

/// <summary>
/// <c>crawlcluster up [--crawlers N]</c> (issue 7): a Kafka Monitor, a Redis Monitor, crawlers and the Rest gateway in
/// one process until stopped. With no store or bus configured it brings its own — embedded Garnet and librdkafka's mock
/// Kafka broker, both on loopback — and prints how other terminals reach them, so <c>feed</c> and <c>dump</c> work
/// against it. With REDIS_HOST or QUEUE_PLATFORM set, it uses those instead; with SINK_DATABASE_URL set, a sink writes
/// the crawled pages to that database. It is one web host with the same registrations as the separate processes; a
/// component that faults stops it with a non-zero exit.
/// </summary>
internal static class UpCommand
{
    /// <summary>The command.</summary>
    public static Command Create(SettingsLoader loader)
    {
        var crawlers = new Option<int>("--crawlers") { Description = "Crawl engines in this process", DefaultValueFactory = _ => 1, HelpName = "N" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Requests each engine crawls at once (CONCURRENT_REQUESTS)", HelpName = "N" };
        var command = new Command("up", CommandCatalog.Get("up").Summary) { crawlers, concurrency };
        CommandRunner.SetAction(command, async (parseResult, interrupted) =>
        {
            using var shutdown = new ShutdownSignal(interrupted);
            using var scope = CommandScope.Create(parseResult, loader, CrawlerHosting.WithKafkaMonitor, Console.Error);
            var logger = scope.Logger("CrawlCluster.Up");
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var downloader = scope.Get<DownloaderOptions>();
            downloader.ConcurrentRequests = parseResult.GetValue(concurrency) ?? downloader.ConcurrentRequests;
            var settings = CrawlerHosting.EngineSettings(scope, downloader: downloader);
            var monitorOptions = scope.Get<KafkaMonitorOptions>();
            var topics = new TopicNames(settings.Topics);

            using var broker = scope.Configuration["QUEUE_PLATFORM"] is null ? KafkaMockCluster.Start() : null;
            var busOptions = scope.Get<BusOptions>();
            if (broker is not null)
            {
                broker.CreateTopics([monitorOptions.IncomingTopic, topics.CrawledFirehose, topics.OutboundFirehose]);
                busOptions.Platform = "kafka";
                busOptions.KafkaHosts = [broker.BootstrapServers];
            }
            else if (BusCommands.RejectMemory(busOptions, logger))
            {
                return ExitCodes.UsageError;
            }

            var redis = scope.Get<RedisOptions>();
            await using var infrastructure = scope.Configuration["REDIS_HOST"] is null
                ? await Infrastructure.StartEmbeddedAsync(await BusFactory.CreateAsync(busOptions, redis, scope.Loggers).ConfigureAwait(false)).ConfigureAwait(false)
                : await Infrastructure.TryOpenAsync(redis, busOptions, scope.Loggers, error).ConfigureAwait(false);
            if (infrastructure is null)
            {
                return ExitCodes.Failure;
            }

            // With SINK_DATABASE_URL set, a sink lands the crawled pages in that database.
            var sinkOptions = scope.Get<SinkOptions>();
            await using var sinkDatabase = scope.Configuration["SINK_DATABASE_URL"] is null ? null
                : await SinkHosting.TryOpenAsync(sinkOptions, error).ConfigureAwait(false);
            if (scope.Configuration["SINK_DATABASE_URL"] is not null && sinkDatabase is null)
            {
                return ExitCodes.UsageError;
            }

            var sinkPlan = SinkPlan.From(sinkOptions, settings.Topics, busOptions);
            // The gateway and its /metrics and /health, on FLASK_PORT (5343, or a free port when that is taken and was not asked for).
            var restOptions = scope.Get<RestOptions>();
            if (RestHosting.Address(restOptions) is not { } address)
            {
                await error.WriteLineAsync($"crawlcluster: REST_HOST '{restOptions.Host}' must be an IP address (127.0.0.1, 0.0.0.0, ::1) or localhost").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            restOptions.Port = RestHosting.PortFor(restOptions, address, scope.Configuration["FLASK_PORT"] is not null);
            var checker = await RequestValidator.LoadAsync(monitorOptions, logger).ConfigureAwait(false);
            var engines = Math.Max(1, parseResult.GetValue(crawlers));
            await using var host = ProcessHost.BuildWeb(scope.Configuration, scope.Loggers, services =>
            {
                RestHosting.Register(services, restOptions, settings.Topics, checker, "up");
                infrastructure.Register(services, CrawlerHosting.DupeFilter(settings), settings.DomainConfig.DocumentName);
                services.AddKafkaMonitor(monitorOptions, scope.Get<StatsOptions>());
                services.AddRedisMonitor(new RedisMonitor.Jobs.RedisMonitorOptions(), scope.Get<StatsOptions>(), settings.Topics);
                services.AddCrawler(settings, new LinkSpider(), engines * downloader.ConcurrentRequests);
                if (sinkDatabase is not null)
                {
                    SinkHosting.Register(services, sinkDatabase, sinkPlan);
                    services.AddHealthChecks().AddCheck<SinkHealthCheck>("database");
                }
            }, RestHosting.Kestrel(restOptions, address), app => RestHosting.Configure(app, restOptions));
            RestGateway.WarnIfExposed(restOptions, logger);
            return await ProcessHost.RunAsync(host, error, shutdown.Token, async stop =>
            {
                await output.WriteLineAsync("CrawlCluster is up: a Kafka Monitor, a Redis Monitor and " + engines.ToString(CultureInfo.InvariantCulture)
                    + " crawler(s)" + (sinkDatabase is null ? "" : $", and a sink writing {string.Join(", ", sinkPlan.Topics)} to {sinkDatabase.Description}")
                    + ". Stop with Ctrl-C.").ConfigureAwait(false);
                await output.WriteLineAsync($"Dashboard and gateway: {RestGateway.Url(restOptions, restOptions.Port)} (open it in a browser; /feed, /poll, /api/v1, /health, /metrics)").ConfigureAwait(false);
                if (broker is not null || infrastructure.EmbeddedStorePort is not null)
                {
                    var platform = broker is not null ? $"QUEUE_PLATFORM=kafka KAFKA_HOSTS={broker.BootstrapServers}" : "";
                    var storePort = infrastructure.EmbeddedStorePort is { } port ? $"REDIS_HOST=127.0.0.1 REDIS_PORT={port.ToString(CultureInfo.InvariantCulture)}" : "";
                    await output.WriteLineAsync($"From another terminal:\n  export {string.Join(' ', new[] { platform, storePort }.Where(p => p.Length > 0))}\n"
                        + $"  crawlcluster kafka-monitor feed '{{\"url\": \"http://example.com\", \"appid\": \"testapp\", \"crawlid\": \"abc123\"}}'\n"
                        + $"  crawlcluster dump -t {topics.CrawledFirehose} --no-body").ConfigureAwait(false);
                    await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                    if (broker is not null)
                    {
                        await Console.Error.WriteLineAsync("WARNING: the built-in broker is librdkafka's mock cluster: NOT DURABLE, about 5 MiB per partition, gone when this process stops. Set QUEUE_PLATFORM and KAFKA_HOSTS for a real one.").ConfigureAwait(false);
                    }
                }

                // Until Ctrl-C or SIGTERM (success), or until a component faults (the host names it, exit 1).
                await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                return ExitCodes.Success;
            }).ConfigureAwait(false);
        });
        return command;
    }
}
