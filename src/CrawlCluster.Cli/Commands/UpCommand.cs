using System.CommandLine;
using System.Globalization;
using CrawlCluster.Cli.Configuration;
using CrawlCluster.Cli.Hosting;
using CrawlCluster.Core.Keys;
using CrawlCluster.Crawler.Downloading;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.Messaging.Bus;
using CrawlCluster.Messaging.Kafka;
using CrawlCluster.Store.Connection;
using StackExchange.Redis;

namespace CrawlCluster.Cli.Commands;

/// <summary>
/// <c>crawlcluster up [--crawlers N]</c> (issue 7): a Kafka Monitor and crawlers in one process until stopped. With no
/// store or bus configured it brings its own — embedded Garnet and librdkafka's mock Kafka broker, both on loopback —
/// and prints how other terminals reach them, so <c>feed</c> and <c>dump</c> work against it. With REDIS_HOST or
/// QUEUE_PLATFORM set, it uses those instead.
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
            var downloader = scope.Get<DownloaderOptions>();
            downloader.ConcurrentRequests = parseResult.GetValue(concurrency) ?? downloader.ConcurrentRequests;
            var settings = CrawlerHosting.EngineSettings(scope, downloader: downloader);
            var monitorOptions = scope.Get<KafkaMonitorOptions>();

            await using var embedded = scope.Configuration["REDIS_HOST"] is null ? await EmbeddedCluster.StartAsync().ConfigureAwait(false) : null;
            var redis = scope.Get<RedisOptions>();
            await using var ownStore = embedded is null ? (IAsyncDisposable)await RedisConnection.ConnectAsync(redis).ConfigureAwait(false) : null;
            var store = embedded?.Store ?? (IConnectionMultiplexer)ownStore!;

            using var broker = scope.Configuration["QUEUE_PLATFORM"] is null ? KafkaMockCluster.Start() : null;
            var busOptions = scope.Get<BusOptions>();
            if (broker is not null)
            {
                broker.CreateTopics([monitorOptions.IncomingTopic, new TopicNames(settings.Topics).CrawledFirehose, new TopicNames(settings.Topics).OutboundFirehose]);
                busOptions.Platform = "kafka";
                busOptions.KafkaHosts = [broker.BootstrapServers];
            }
            else if (BusCommands.RejectMemory(busOptions, logger))
            {
                return ExitCodes.UsageError;
            }

            await using var bus = await BusFactory.CreateAsync(busOptions, redis, scope.Loggers).ConfigureAwait(false);
            await using var processes = await InProcessCluster.StartAsync(bus, store, scope.Configuration, monitorOptions, settings,
                new Crawler.Spiders.LinkSpider(), parseResult.GetValue(crawlers), logger).ConfigureAwait(false);

            await output.WriteLineAsync("CrawlCluster is up: a Kafka Monitor and " + parseResult.GetValue(crawlers).ToString(CultureInfo.InvariantCulture)
                + " crawler(s). Stop with Ctrl-C.").ConfigureAwait(false);
            if (broker is not null || embedded is not null)
            {
                var platform = broker is not null ? $"QUEUE_PLATFORM=kafka KAFKA_HOSTS={broker.BootstrapServers}" : "";
                var storePort = embedded is not null ? $"REDIS_HOST=127.0.0.1 REDIS_PORT={embedded.StoreEndPoint.Split(':')[1]}" : "";
                await output.WriteLineAsync($"From another terminal:\n  export {string.Join(' ', new[] { platform, storePort }.Where(p => p.Length > 0))}\n"
                    + $"  crawlcluster kafka-monitor feed '{{\"url\": \"http://example.com\", \"appid\": \"testapp\", \"crawlid\": \"abc123\"}}'\n"
                    + $"  crawlcluster dump -t {new TopicNames(settings.Topics).CrawledFirehose} --no-body").ConfigureAwait(false);
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                if (broker is not null)
                {
                    await Console.Error.WriteLineAsync("WARNING: the built-in broker is librdkafka's mock cluster: NOT DURABLE, about 5 MiB per partition, gone when this process stops. Set QUEUE_PLATFORM and KAFKA_HOSTS for a real one.").ConfigureAwait(false);
                }
            }

            try
            {
                await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: the processes stop as the scope ends.
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
