using System.Runtime.ExceptionServices;
using CrawlCluster.Cli.Commands;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Settings;
using CrawlCluster.Core.Sink;
using CrawlCluster.Core.Store;
using CrawlCluster.Crawler.Middleware;
using CrawlCluster.KafkaMonitor.Plugins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrawlCluster.Cli.Hosting;

/// <summary>
/// The composition root of every long-running command (STYLE.md guideline 10): a generic host whose services the
/// command registers with the components' <c>Add…</c> extensions, over the command's settings and loggers. It runs
/// until the command's token is cancelled (Ctrl-C, SIGTERM), the command's own work ends, or a component faults — and a
/// faulted component stops the whole host and makes the exit code non-zero, which the generic host alone does not.
/// </summary>
internal static class ProcessHost
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Builds the host: the command's configuration and loggers, no signal handling of its own (the command has it).</summary>
    public static IHost Build(IConfiguration configuration, ILoggerFactory loggers, Action<IServiceCollection> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        UseCommandConventions(builder.Services, configuration, loggers);
        register(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// Builds a web host (the gateway, metrics and health endpoints) with the same conventions as <see cref="Build"/>:
    /// Kestrel only, configured by <paramref name="kestrel"/>; <paramref name="configure"/> adds the request pipeline.
    /// </summary>
    public static WebApplication BuildWeb(IConfiguration configuration, ILoggerFactory loggers, Action<IServiceCollection> register,
        Action<KestrelServerOptions> kestrel, Action<WebApplication> configure)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel);
        UseCommandConventions(builder.Services, configuration, loggers);
        register(builder.Services);

        // The web builder adds its console lifetime (which handles SIGTERM itself) when it builds: replace it again.
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostLifetime, CommandLifetime>());
        var app = builder.Build();
        configure(app);
        return app;
    }

    private static void UseCommandConventions(IServiceCollection services, IConfiguration configuration, ILoggerFactory loggers)
    {
        services.Replace(ServiceDescriptor.Singleton(configuration));
        // The host would log a faulted component with its stack trace; ProcessHost reports it instead (a setup error in one line).
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(new WithoutHostLogs(loggers)));
        services.Replace(ServiceDescriptor.Singleton<IHostLifetime, CommandLifetime>());
        services.Configure<HostOptions>(options =>
        {
            options.ShutdownTimeout = ShutdownTimeout;
            options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
    }

    /// <summary>
    /// Starts <paramref name="host"/>, runs <paramref name="work"/> (or waits) until it ends, <paramref name="stop"/> is
    /// cancelled or a component faults, stops the host, and returns the exit code: <paramref name="work"/>'s, or 1 when a
    /// component faulted (each named on <paramref name="error"/>), 2 when one could not be set up.
    /// </summary>
    public static async Task<int> RunAsync(IHost host, TextWriter error, CancellationToken stop, Func<CancellationToken, Task<int>>? work = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(error);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var exit = ExitCodes.Success;
        ExceptionDispatchInfo? workFault = null;
        try
        {
            await host.StartAsync(stop).ConfigureAwait(false);
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stop, lifetime.ApplicationStopping);
            if (work is null)
            {
                await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
            else
            {
                try
                {
                    exit = await work(stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    exit = stop.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Failure;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Often a component's fault seen through the work (a readiness it awaited): reported below as such.
                    workFault = ExceptionDispatchInfo.Capture(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while starting.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A component that failed before its first await fails the host's start: reported below as its fault.
            workFault = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        if (await FaultsAsync(host, error).ConfigureAwait(false) is { } faulted)
        {
            return faulted;
        }

        workFault?.Throw();
        return exit;
    }

    /// <summary>The exit code for the components that faulted, after naming each on <paramref name="error"/>; null when none did.</summary>
    private static async Task<int?> FaultsAsync(IHost host, TextWriter error)
    {
        int? exit = null;
        foreach (var service in host.Services.GetServices<IHostedService>().OfType<BackgroundService>().Distinct())
        {
            if (service.ExecuteTask is not { IsFaulted: true } task)
            {
                continue;
            }

            var fault = task.Exception!.GetBaseException();
            var setup = fault is PluginLoadException or ComponentLoadException or SettingsException or SinkDatabaseException { Failure: SinkFailure.Fatal };
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CrawlCluster.Cli");
            if (setup || fault is BusException or StoreException or SinkDatabaseException)
            {
                // A setting or an unreachable server: the one line says what to fix.
                Log.ComponentStopped(logger, Describe(service), Message(fault));
            }
            else
            {
                // Not a setting or an outage the component handles: a bug, whose stack trace belongs in the log.
                Log.ComponentFaulted(logger, fault, Describe(service), Message(fault));
            }

            await error.WriteLineAsync($"crawlcluster: {Describe(service)} stopped: {Message(fault)}").ConfigureAwait(false);
            exit = setup && exit is null ? ExitCodes.UsageError : ExitCodes.Failure;
        }

        return exit;
    }

    private static string Describe(BackgroundService service) => service.GetType().Name switch
    {
        "KafkaMonitorService" => "the Kafka Monitor",
        "CrawlerService" => "the crawler",
        "RedisMonitorService" => "the Redis Monitor",
        "SinkService" => "the sink",
        "AnswerRouter" => "the Rest gateway",
        var name => name,
    };

    private static string Message(Exception fault) => fault switch
    {
        StoreException store => $"the store failed: {store.Message}",
        _ => fault.Message,
    };

    /// <summary>The command's loggers, without the generic host's own categories.</summary>
    private sealed class WithoutHostLogs(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) =>
            categoryName.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal) || categoryName.StartsWith("Microsoft.Hosting", StringComparison.Ordinal)
                || categoryName.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                ? NullLogger.Instance : inner.CreateLogger(categoryName);

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        // The command owns the inner factory and disposes it.
        public void Dispose()
        {
        }
    }

    /// <summary>The command handles Ctrl-C and SIGTERM itself (to print summaries and release work); the host does not.</summary>
    private sealed class CommandLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
