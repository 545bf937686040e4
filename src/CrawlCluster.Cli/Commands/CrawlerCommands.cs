using System.CommandLine;
using CrawlCluster.Cli.Configuration;
using CrawlCluster.Cli.Hosting;
using CrawlCluster.Crawler;
using CrawlCluster.Crawler.Downloading;

namespace CrawlCluster.Cli.Commands;

/// <summary><c>crawlcluster crawler [--spider NAME] [--concurrency N]</c>: one crawler process.</summary>
internal static class CrawlerCommands
{
    /// <summary>The command.</summary>
    public static Command Run(SettingsLoader loader)
    {
        var spiderOption = new Option<string>("--spider") { Description = "The spider type to crawl for", DefaultValueFactory = _ => "link", HelpName = "NAME" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Requests crawled at once (overrides CONCURRENT_REQUESTS)", HelpName = "N" };
        var metricsPort = MetricsEndpoint.CreateOption();
        var command = new Command("crawler", CommandCatalog.Get("crawler").Summary) { spiderOption, concurrency, metricsPort };
        CommandRunner.SetAction(command, async (parseResult, interrupted) =>
        {
            using var shutdown = new ShutdownSignal(interrupted);
            using var scope = CommandScope.Create(parseResult, loader, CrawlerSettings.Sections);
            var logger = scope.Logger("CrawlCluster.Crawler");
            var error = parseResult.InvocationConfiguration.Error;
            var name = parseResult.GetValue(spiderOption)!;
            if (await CrawlerHosting.FindSpiderAsync(scope, name, error).ConfigureAwait(false) is not { } spider)
            {
                return ExitCodes.UsageError;
            }

            var downloader = scope.Get<DownloaderOptions>();
            if (parseResult.GetValue(concurrency) is { } workers)
            {
                if (workers < 1)
                {
                    await error.WriteLineAsync("crawlcluster: --concurrency must be at least 1").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }

                downloader.ConcurrentRequests = workers;
            }

            var settings = CrawlerHosting.EngineSettings(scope, downloader: downloader);
            return await ClusterComponent.RunAsync("crawler", scope, logger, error, shutdown.Token, parseResult.GetValue(metricsPort), (infrastructure, services) =>
            {
                infrastructure.Register(services, CrawlerHosting.DupeFilter(settings), settings.DomainConfig.DocumentName);
                services.AddCrawler(settings, spider, downloader.ConcurrentRequests);
            }).ConfigureAwait(false);
        });
        return command;
    }
}
