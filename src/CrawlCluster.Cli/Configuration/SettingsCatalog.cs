using CrawlCluster.Cli.Hosting;
using CrawlCluster.Core.Settings;
using CrawlCluster.Crawler;
using CrawlCluster.KafkaMonitor;
using CrawlCluster.RedisMonitor;
using CrawlCluster.Rest;
using CrawlCluster.Sink;

namespace CrawlCluster.Cli.Configuration;

/// <summary>Every component's settings sections, by component name: the one list of every known key.</summary>
internal static class SettingsCatalog
{
    /// <summary>The components in the order <c>crawlcluster settings</c> lists them.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<SettingsSection>> Components =
        new Dictionary<string, IReadOnlyList<SettingsSection>>(StringComparer.Ordinal)
        {
            [KafkaMonitorSettings.Component] = KafkaMonitorSettings.Sections,
            [CrawlerSettings.Component] = CrawlerSettings.Sections,
            [RedisMonitorSettings.Component] = RedisMonitorSettings.Sections,
            [RestSettings.Component] = RestHosting.Sections,
            [SinkSettings.Component] = SinkSettings.Sections,
        };

    /// <summary>Every key and alias any component reads.</summary>
    public static readonly IReadOnlySet<string> AllKeys = Components.Values
        .SelectMany(sections => sections)
        .SelectMany(section => section.Settings)
        .SelectMany(setting => setting.AllKeys)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
