using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace CrawlCluster.Core.Logging;

/// <summary>
/// Where and how a process logs (CONTRACT.md Part B §6.2). Every component has these keys; the crawler's carry an
/// <c>SC_</c> prefix (<c>SC_LOG_LEVEL</c>), and each component has its own logger name and file name.
/// </summary>
internal sealed class LogOptions
{
    /// <summary>The logger name written in every line (<c>kafka-monitor</c>, <c>sc-crawler</c>, ...).</summary>
    [ConfigurationKeyName("LOGGER_NAME"), Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty")]
    public string LoggerName { get; set; } = "crawlcluster";

    /// <summary>The directory for log files when <see cref="Stdout"/> is off.</summary>
    /// <value>The default is <c>logs</c>.</value>
    [ConfigurationKeyName("LOG_DIR")]
    public string Directory { get; set; } = "logs";

    /// <summary>The log file name inside <see cref="Directory"/>.</summary>
    [ConfigurationKeyName("LOG_FILE"), Required(AllowEmptyStrings = false, ErrorMessage = "must not be empty")]
    public string File { get; set; } = "crawlcluster.log";

    /// <summary>The size at which the log file is rolled, in bytes.</summary>
    /// <value>The default is 10 MiB.</value>
    [ConfigurationKeyName("LOG_MAX_BYTES"), Range(1024, long.MaxValue, ErrorMessage = "must be at least {1} bytes")]
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How many rolled files are kept besides the current one.</summary>
    /// <value>The default is 5 (six files in all).</value>
    [ConfigurationKeyName("LOG_BACKUPS"), Range(0, 1000, ErrorMessage = "must be between {1} and {2}")]
    public int Backups { get; set; } = 5;

    /// <summary>Log to standard output; when false, to <see cref="Directory"/>/<see cref="File"/>.</summary>
    /// <value>The default is true.</value>
    [ConfigurationKeyName("LOG_STDOUT")]
    public bool Stdout { get; set; } = true;

    /// <summary>Write one JSON object per line instead of text.</summary>
    /// <value>The default is false.</value>
    [ConfigurationKeyName("LOG_JSON")]
    public bool Json { get; set; }

    /// <summary>The lowest level written: DEBUG, INFO, WARNING, ERROR or CRITICAL.</summary>
    /// <value>The default is INFO.</value>
    [ConfigurationKeyName("LOG_LEVEL"), OneOf("DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL")]
    public string Level { get; set; } = "INFO";
}
