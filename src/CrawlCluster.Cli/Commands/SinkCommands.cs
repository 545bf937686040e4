using System.CommandLine;
using CrawlCluster.Cli.Configuration;
using CrawlCluster.Cli.Hosting;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Sink;
using CrawlCluster.Core.Store;
using CrawlCluster.Sink;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CrawlCluster.Cli.Commands;

/// <summary><c>crawlcluster sink</c> and <c>crawlcluster sink migrate</c>.</summary>
internal static class SinkCommands
{
    /// <summary>The command: consume into the database until stopped; <c>migrate</c> only brings the schema up to date.</summary>
    public static Command Create(SettingsLoader loader)
    {
        var metricsPort = MetricsEndpoint.CreateOption();
        var command = new Command("sink", CommandCatalog.Get("sink").Summary) { metricsPort };
        command.Subcommands.Add(Migrate(loader));
        CommandRunner.SetAction(command, async (parseResult, interrupted) =>
        {
            using var shutdown = new ShutdownSignal(interrupted);
            using var scope = CommandScope.Create(parseResult, loader, SinkSettings.Sections);
            var logger = scope.Logger("CrawlCluster.Sink");
            var error = parseResult.InvocationConfiguration.Error;
            var busOptions = scope.Get<BusOptions>();
            if (BusCommands.RejectMemory(busOptions, logger))
            {
                return ExitCodes.UsageError;
            }

            var options = scope.Get<SinkOptions>();
            await using var database = await SinkHosting.TryOpenAsync(options, error).ConfigureAwait(false);
            if (database is null)
            {
                return ExitCodes.UsageError;
            }

            IMessageBus bus;
            try
            {
                bus = await BusFactory.CreateAsync(busOptions, scope.Get<RedisOptions>(), scope.Loggers).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or BusException)
            {
                await error.WriteLineAsync($"crawlcluster: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            await using (bus.ConfigureAwait(false))
            {
                using var host = MetricsEndpoint.Build("sink", parseResult.GetValue(metricsPort), scope.Configuration, scope.Loggers, services =>
                {
                    services.AddSingleton(bus);
                    SinkHosting.Register(services, database, SinkPlan.From(options, scope.Get<TopicOptions>(), busOptions));
                }, checks => checks.AddCheck<BusHealthCheck>("bus").AddCheck<SinkHealthCheck>("database"));
                return await ProcessHost.RunAsync(host, error, shutdown.Token).ConfigureAwait(false);
            }
        });
        return command;
    }

    private static Command Migrate(SettingsLoader loader)
    {
        var command = new Command("migrate", CommandCatalog.Get("sink migrate").Summary);
        CommandRunner.SetAction(command, async (parseResult, cancellationToken) =>
        {
            using var scope = CommandScope.Create(parseResult, loader, SinkSettings.Sections);
            var error = parseResult.InvocationConfiguration.Error;
            var options = scope.Get<SinkOptions>();
            await using var database = await SinkHosting.TryOpenAsync(options, error).ConfigureAwait(false);
            if (database is null)
            {
                return ExitCodes.UsageError;
            }

            try
            {
                var version = await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
                await parseResult.InvocationConfiguration.Output.WriteLineAsync($"{database.Description}: schema at version {version}").ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (SinkDatabaseException ex)
            {
                await error.WriteLineAsync($"crawlcluster: {ex.Message}").ConfigureAwait(false);
                return ex.Failure == SinkFailure.Fatal ? ExitCodes.UsageError : ExitCodes.Failure;
            }
        });
        return command;
    }
}
