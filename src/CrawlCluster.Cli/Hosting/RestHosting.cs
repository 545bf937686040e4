using System.Net;
using CrawlCluster.Core.Settings;
using CrawlCluster.KafkaMonitor;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.Rest;
using CrawlCluster.Rest.Api;
using Microsoft.AspNetCore.Server.Kestrel.Core;

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

    /// <summary>Kestrel for the gateway: REST_HOST and FLASK_PORT, REST_MAX_BODY.</summary>
    public static Action<KestrelServerOptions> Kestrel(RestOptions options, IPAddress address) => kestrel =>
    {
        kestrel.Listen(address, options.Port);
        kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
        kestrel.AddServerHeader = false;
    };
}
