using System.Net;
using CrawlCluster.Core.Settings;
using CrawlCluster.KafkaMonitor;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.Rest;
using CrawlCluster.Rest.Api;
using CrawlCluster.Core.Ingest;
using CrawlCluster.Core.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CrawlCluster.Cli.Hosting;

/// <summary>What the commands that serve the gateway share (<c>rest</c>, <c>up</c>): its settings and its listener.</summary>
internal static class RestHosting
{
    /// <summary>The gateway's sections plus the Kafka Monitor's options, whose plugins' schemas <c>/feed</c> checks requests against.</summary>
    public static IReadOnlyList<SettingsSection> Sections { get; } =
        [.. RestSettings.Sections, .. KafkaMonitorSettings.Sections.Where(s => s.OptionsType == typeof(KafkaMonitorOptions))];

    /// <summary>The address REST_HOST names, or null when it is not an IP address or <c>localhost</c>.</summary>
    public static IPAddress? Address(RestOptions options) => options.Host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" => IPAddress.Any,
        var host => IPAddress.TryParse(host, out var address) ? address : null,
    };

    /// <summary>
    /// The port for a gateway that <c>up</c> or <c>crawl --dashboard</c> serves: FLASK_PORT when it was set, else 5343
    /// when free, else a free port (one machine can run several of them).
    /// </summary>
    public static int PortFor(RestOptions options, IPAddress address, bool configured)
    {
        if (configured)
        {
            return options.Port;
        }

        foreach (var port in new[] { options.Port, 0 })
        {
            try
            {
                var probe = new System.Net.Sockets.TcpListener(address, port);
                probe.Start();
                var chosen = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                return chosen;
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Taken: try the next.
            }
        }

        return options.Port;
    }

    /// <summary>Registers the gateway with its request checker, health checks and metrics export.</summary>
    public static void Register(IServiceCollection services, RestOptions options, TopicOptions topics, IRequestChecker checker, string component)
    {
        services.AddSingleton(checker);
        services.AddRestGateway(options, topics);
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store").AddCheck<BusHealthCheck>("bus");
        MetricsEndpoint.AddExport(services, component);
    }

    /// <summary>The gateway's request pipeline and <c>/metrics</c>.</summary>
    public static void Configure(WebApplication app, RestOptions options)
    {
        app.UseRestGateway(options);
        app.MapPrometheusScrapingEndpoint("/metrics");
    }

    /// <summary>Kestrel for the gateway: REST_HOST and FLASK_PORT, REST_MAX_BODY.</summary>
    public static Action<KestrelServerOptions> Kestrel(RestOptions options, IPAddress address) => kestrel =>
    {
        kestrel.Listen(address, options.Port);
        kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
        kestrel.AddServerHeader = false;
    };
}
