using Microsoft.Extensions.Logging;

namespace CrawlCluster.Core.Logging;

/// <summary>The original log factory's level names (CONTRACT.md Part B §6.2) and their .NET levels.</summary>
internal static class LogLevelNames
{
    /// <summary>The names accepted in <c>LOG_LEVEL</c>, <c>SC_LOG_LEVEL</c> and <c>--log-level</c>.</summary>
    public static readonly string[] Accepted = ["DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL"];

    /// <summary>Parses a level name, ignoring case.</summary>
    /// <returns>False for an unknown name.</returns>
    public static bool TryParse(string? name, out LogLevel level)
    {
        level = name?.Trim().ToUpperInvariant() switch
        {
            "DEBUG" => LogLevel.Debug,
            "INFO" => LogLevel.Information,
            "WARN" or "WARNING" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "CRITICAL" => LogLevel.Critical,
            _ => LogLevel.None,
        };
        return level != LogLevel.None;
    }

    /// <summary>The original's name of a level: <c>DEBUG</c>, <c>INFO</c>, <c>WARNING</c>, <c>ERROR</c> or <c>CRITICAL</c>.</summary>
    public static string NameOf(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        _ => "CRITICAL",
    };
}
