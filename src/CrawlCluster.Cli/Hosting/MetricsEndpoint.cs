using System.CommandLine;
using System.Net;
using CrawlCluster.Core.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace CrawlCluster.Cli.Hosting;

/// <summary>
/// <c>/metrics</c> (Prometheus text format, through OpenTelemetry's exporter) and <c>/health</c> (ASP.NET Core health
/// checks): on the gateway's own port, and on <c>--metrics-port</c> of the other long-running commands.
/// </summary>
internal static class MetricsEndpoint
{
    /// <summary>The meters exported: the cluster's, the sink's, and ASP.NET Core's request metrics on the gateway.</summary>
    private static readonly string[] Meters = [ClusterMetrics.MeterName, Sink.SinkMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>The <c>--metrics-port</c> option of a long-running command.</summary>
    public static Option<int?> CreateOption() => new("--metrics-port")
    {
        Description = "Serve /metrics (Prometheus) and /health on 127.0.0.1:PORT",
        HelpName = "PORT",
    };

    /// <summary>Registers the export of the cluster's instruments, as <c>service_name</c> crawlcluster-&lt;component&gt;.</summary>
    public static void AddExport(IServiceCollection services, string component) =>
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("crawlcluster-" + component, serviceInstanceId: Core.Hosting.ProcessIdentity.Create().Id))
            .WithMetrics(metrics => metrics.AddMeter(Meters).AddPrometheusExporter());

    /// <summary>Maps <c>/metrics</c> (and <c>/health</c> unless the app maps it itself).</summary>
    public static void Map(WebApplication app, bool health = true)
    {
        app.UseRouting();
        app.MapPrometheusScrapingEndpoint("/metrics");
        if (health)
        {
            app.MapHealthChecks("/health");
        }
    }

    /// <summary>
    /// The host of a long-running command: the generic host, or with <paramref name="port"/> a web host that also serves
    /// <c>/metrics</c> and <c>/health</c> (the checks <paramref name="checks"/> adds) on loopback.
    /// </summary>
    public static IHost Build(string component, int? port, IConfiguration configuration, ILoggerFactory loggers, Action<IServiceCollection> register,
        Action<IHealthChecksBuilder> checks)
    {
        if (port is not { } listen)
        {
            return ProcessHost.Build(configuration, loggers, register);
        }

        return ProcessHost.BuildWeb(configuration, loggers, services =>
        {
            register(services);
            services.AddRouting();
            AddExport(services, component);
            checks(services.AddHealthChecks());
        }, kestrel => kestrel.Listen(IPAddress.Loopback, listen), app =>
        {
            Map(app);
            // Said once Kestrel listens (the component may have said it started before): a cue for scrapers and tests.
            var logger = loggers.CreateLogger(typeof(MetricsEndpoint).FullName!);
            app.Lifetime.ApplicationStarted.Register(() => Log.MetricsServing(logger, listen));
        });
    }
}
