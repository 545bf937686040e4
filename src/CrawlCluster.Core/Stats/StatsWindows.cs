namespace CrawlCluster.Core.Stats;

/// <summary>The original's named stats windows (CONTRACT.md Part B §6.1), as <c>STATS_TIMES</c> names them.</summary>
internal static class StatsWindows
{
    /// <summary>Every name and its length in seconds.</summary>
    public static readonly IReadOnlyDictionary<string, int> Seconds = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["SECONDS_1_MINUTE"] = 60,
        ["SECONDS_15_MINUTE"] = 900,
        ["SECONDS_30_MINUTE"] = 1800,
        ["SECONDS_1_HOUR"] = 3600,
        ["SECONDS_2_HOUR"] = 7200,
        ["SECONDS_4_HOUR"] = 14400,
        ["SECONDS_6_HOUR"] = 21600,
        ["SECONDS_12_HOUR"] = 43200,
        ["SECONDS_24_HOUR"] = 86400,
        ["SECONDS_1_DAY"] = 86400,
        ["SECONDS_48_HOUR"] = 172800,
        ["SECONDS_2_DAY"] = 172800,
        ["SECONDS_3_DAY"] = 259200,
        ["SECONDS_7_DAY"] = 604800,
        ["SECONDS_1_WEEK"] = 604800,
        ["SECONDS_30_DAY"] = 2592000,
    };

    /// <summary>The default <c>STATS_TIMES</c>: 15 minutes, 1 hour, 6 hours, 12 hours, 1 day, 1 week.</summary>
    public static readonly string[] Default =
        ["SECONDS_15_MINUTE", "SECONDS_1_HOUR", "SECONDS_6_HOUR", "SECONDS_12_HOUR", "SECONDS_1_DAY", "SECONDS_1_WEEK"];
}
