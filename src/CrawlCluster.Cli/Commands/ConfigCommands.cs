using CrawlCluster.Core.Store;
using System.CommandLine;
using CrawlCluster.Cli.Configuration;
using CrawlCluster.Cli.Hosting;
using CrawlCluster.Core.DomainConfig;
using CrawlCluster.RedisMonitor;
using CrawlCluster.Store.Connection;
using CrawlCluster.Store.DomainConfig;
using StackExchange.Redis;

namespace CrawlCluster.Cli.Commands;

/// <summary>
/// <c>crawlcluster config push FILE.yml</c> and <c>config show</c>: the original's file_pusher, against the domain
/// configuration in the store. They read the Redis Monitor's settings (REDIS_*, ZOOKEEPER_ASSIGN_PATH, ZOOKEEPER_ID).
/// </summary>
internal static class ConfigCommands
{
    /// <summary><c>crawlcluster config push FILE.yml</c>.</summary>
    public static Command Push(SettingsLoader loader)
    {
        var file = new Argument<string>("file") { Description = "A YAML file in the original's format (blacklist, domains)" };
        var command = new Command("push", CommandCatalog.Get("config push").Summary) { file };
        CommandRunner.SetAction(command, async (parseResult, cancellationToken) =>
        {
            using var scope = CommandScope.Create(parseResult, loader, RedisMonitorSettings.Sections, Console.Error, loggerName: "file-pusher");
            var path = parseResult.GetValue(file)!;
            var error = parseResult.InvocationConfiguration.Error;
            ClusterDomainConfig config;
            try
            {
                var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
                config = DomainConfigYaml.Parse(text);

                // The whole file or nothing: what is stored stays as it was when any entry is wrong.
                var problems = DomainConfigYaml.Problems(text);
                foreach (var problem in problems)
                {
                    await error.WriteLineAsync($"crawlcluster: {path}: {problem}").ConfigureAwait(false);
                }

                if (problems.Count > 0)
                {
                    await error.WriteLineAsync($"crawlcluster: {path} was not pushed; the stored configuration is unchanged").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or YamlDotNet.Core.YamlException or ArgumentException)
            {
                await error.WriteLineAsync($"crawlcluster: {path}: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            return await WithStoreAsync(scope, error, async store =>
            {
                await store.ReplaceAsync(config, cancellationToken).ConfigureAwait(false);
                var (_, version) = await store.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                await parseResult.InvocationConfiguration.Output.WriteLineAsync(
                    $"Pushed {path}: {config.Domains.Count} domains, {config.Blacklist.Count} blacklisted (version {version})").ConfigureAwait(false);
            }).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary><c>crawlcluster config show</c>.</summary>
    public static Command Show(SettingsLoader loader)
    {
        var command = new Command("show", CommandCatalog.Get("config show").Summary);
        CommandRunner.SetAction(command, async (parseResult, _) =>
        {
            using var scope = CommandScope.Create(parseResult, loader, RedisMonitorSettings.Sections, Console.Error, loggerName: "file-pusher");
            return await WithStoreAsync(scope, parseResult.InvocationConfiguration.Error, async store =>
            {
                var (config, _) = await store.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                await parseResult.InvocationConfiguration.Output.WriteAsync(DomainConfigYaml.Write(config)).ConfigureAwait(false);
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> WithStoreAsync(CommandScope scope, TextWriter error, Func<RedisDomainConfigStore, Task> work)
    {
        try
        {
            await using var redis = (ConnectionMultiplexer)await RedisConnection.ConnectAsync(scope.Get<RedisOptions>()).ConfigureAwait(false);
            await work(new RedisDomainConfigStore(redis, scope.Get<DomainConfigOptions>().DocumentName)).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is RedisException or StoreException or FormatException)
        {
            await error.WriteLineAsync($"crawlcluster: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
