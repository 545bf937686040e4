using System.CommandLine;
using CrawlCluster.Cli.Configuration;
using CrawlCluster.Cli.Hosting;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.DomainConfig;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Store;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.KafkaMonitor.Plugins;
using CrawlCluster.KafkaMonitor.Validation;
using CrawlCluster.Rest;
using CrawlCluster.Rest.Api;
using CrawlCluster.Store.Dedup;
using Microsoft.Extensions.DependencyInjection;

namespace CrawlCluster.Cli.Commands;

/// <summary><c>crawlcluster rest</c>: the original's <c>rest_service.py</c>, on ASP.NET Core.</summary>
internal static class RestCommands
{
    /// <summary>The command.</summary>
    public static Command Run(SettingsLoader loader)
    {
        var command = new Command("rest", CommandCatalog.Get("rest").Summary);
        CommandRunner.SetAction(command, async (parseResult, interrupted) =>
        {
            using var shutdown = new ShutdownSignal(interrupted);
            using var scope = CommandScope.Create(parseResult, loader, RestHosting.Sections);
            var logger = scope.Logger("CrawlCluster.Rest");
            var error = parseResult.InvocationConfiguration.Error;
            var options = scope.Get<RestOptions>();
            if (RestHosting.Address(options) is not { } address)
            {
                await error.WriteLineAsync($"crawlcluster: REST_HOST '{options.Host}' must be an IP address (127.0.0.1, 0.0.0.0, ::1) or localhost").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var busOptions = scope.Get<BusOptions>();
            if (BusCommands.RejectMemory(busOptions, logger))
            {
                return ExitCodes.UsageError;
            }

            RequestValidator checker;
            try
            {
                checker = await RequestValidator.LoadAsync(scope.Get<KafkaMonitorOptions>(), logger).ConfigureAwait(false);
            }
            catch (PluginLoadException ex)
            {
                await error.WriteLineAsync($"crawlcluster: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            await using var infrastructure = await Infrastructure.TryOpenAsync(scope.Get<RedisOptions>(), busOptions, scope.Loggers, error).ConfigureAwait(false);
            if (infrastructure is null)
            {
                return ExitCodes.Failure;
            }

            await using var app = ProcessHost.BuildWeb(scope.Configuration, scope.Loggers, services =>
            {
                infrastructure.Register(services, DupeFilterSettings.Default, new DomainConfigOptions().DocumentName);
                RestHosting.Register(services, options, scope.Get<TopicOptions>(), checker, "rest");
            }, RestHosting.Kestrel(options, address), app => RestHosting.Configure(app, options));
            RestGateway.WarnIfExposed(options, logger);
            try
            {
                return await ProcessHost.RunAsync(app, error, shutdown.Token, async stop =>
                {
                    Rest.Log.Listening(logger, RestGateway.Url(options, options.Port), app.Services.GetRequiredService<Rest.Gateway.GatewayIdentity>().Process.Id);
                    await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                    return ExitCodes.Success;
                }).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                // Kestrel could not listen: the port is taken or the address is not this machine's.
                await error.WriteLineAsync($"crawlcluster: cannot listen on {options.Host}:{options.Port} (FLASK_PORT): {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
