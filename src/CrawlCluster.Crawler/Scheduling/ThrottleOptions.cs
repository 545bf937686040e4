using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Crawler.Scheduling;

/// <summary>The cluster-wide politeness limit per domain (CONTRACT.md Part B §3).</summary>
internal sealed class ThrottleOptions
{
    /// <summary>Requests allowed per domain in one window.</summary>
    /// <value>The default is 10, as in the original.</value>
    [ConfigurationKeyName("QUEUE_HITS"), Range(1, 1_000_000, ErrorMessage = "must be between {1} and {2}")]
    public int Hits { get; set; } = 10;

    /// <summary>The window, in seconds as in the original.</summary>
    /// <value>The default is 60.</value>
    [ConfigurationKeyName("QUEUE_WINDOW"), Range(1, 86_400, ErrorMessage = "must be between {1} and {2} seconds")]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Spread the hits evenly over the window (one every window/hits seconds) until the window is warm.</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("QUEUE_MODERATED")]
    public bool Moderated { get; set; } = true;
}
