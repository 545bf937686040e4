using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Core.Stats;

/// <summary>Rolling-window statistics shared by every component (CONTRACT.md Part B §1.5, §6.1).</summary>
internal sealed class StatsOptions
{
    /// <summary>How often, in seconds, expired window entries are trimmed.</summary>
    /// <value>The default is 5.</value>
    [ConfigurationKeyName("STATS_CYCLE"), Range(1, 86_400, ErrorMessage = "must be between {1} and {2} seconds")]
    public int CycleSeconds { get; set; } = 5;

    /// <summary>Dump stats to the log every so many seconds; 0 turns the dump off.</summary>
    /// <value>The default is 60.</value>
    [ConfigurationKeyName("STATS_DUMP"), Range(0, 86_400, ErrorMessage = "must be between {1} and {2} seconds")]
    public int DumpSeconds { get; set; } = 60;

    /// <summary>The rolling windows kept, by name (<see cref="StatsWindows"/>).</summary>
    /// <value>The default is 15 minutes, 1 hour, 6 hours, 12 hours, 1 day and 1 week.</value>
    [ConfigurationKeyName("STATS_TIMES"), KnownWindows]
    public string[] Times { get; set; } = [.. StatsWindows.Default];

    /// <summary>The windows in seconds, in the order given.</summary>
    public IReadOnlyList<int> WindowSeconds => [.. Times.Select(t => StatsWindows.Seconds[t]).Distinct()];
}
