using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Logging;
using CrawlCluster.Core.Settings;
using CrawlCluster.Core.Bus;
using CrawlCluster.Rest.Api;
using CrawlCluster.Core.Store;

namespace CrawlCluster.Rest;

/// <summary>Every setting the Rest gateway reads, with its defaults (CONTRACT.md Part B §5.5).</summary>
internal static class RestSettings
{
    /// <summary>The component's name in <c>crawlcluster settings --component</c>.</summary>
    public const string Component = "rest";

    /// <summary>The logging section, whose logger name is <c>rest-service</c>.</summary>
    public static readonly SettingsSection Log =
        SettingsSection.For(() => new LogOptions { LoggerName = "rest-service", File = "rest_service.log" });

    /// <summary>All sections in the order <c>crawlcluster settings</c> prints them.</summary>
    public static readonly IReadOnlyList<SettingsSection> Sections =
    [
        SettingsSection.For(() => new RestOptions()),
        SettingsSection.For(() => new TopicOptions()),
        SettingsSection.For(() => new RedisOptions()),
        SettingsSection.For(() => new BusOptions { AutoOffsetReset = "latest" }),
        Log,
    ];
}
