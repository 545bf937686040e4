using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Keys;
using CrawlCluster.Core.Logging;
using CrawlCluster.Core.Settings;

namespace CrawlCluster.Sink;

/// <summary>Every setting the sink reads, with its defaults.</summary>
internal static class SinkSettings
{
    /// <summary>The component's name in <c>crawlcluster settings --component</c>.</summary>
    public const string Component = "sink";

    /// <summary>The logging section, whose logger name is <c>sink</c>.</summary>
    public static readonly SettingsSection Log =
        SettingsSection.For(() => new LogOptions { LoggerName = "sink", File = "sink.log" });

    /// <summary>All sections in the order <c>crawlcluster settings</c> prints them.</summary>
    public static readonly IReadOnlyList<SettingsSection> Sections =
    [
        SettingsSection.For(() => new SinkOptions()),
        SettingsSection.For(() => new TopicOptions()),
        SettingsSection.For(() => new BusOptions()),
        SettingsSection.For(() => new CrawlCluster.Core.Store.RedisOptions()),
        Log,
    ];
}
