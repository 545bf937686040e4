using Microsoft.Extensions.Logging;
using Serilog.Events;

namespace CrawlCluster.Cli.Logging;

/// <summary>Maps between Serilog's and Microsoft.Extensions.Logging's levels.</summary>
internal static class LogEventLevels
{
    /// <summary>The .NET level of a Serilog level.</summary>
    public static LogLevel ToLogLevel(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => LogLevel.Trace,
        LogEventLevel.Debug => LogLevel.Debug,
        LogEventLevel.Information => LogLevel.Information,
        LogEventLevel.Warning => LogLevel.Warning,
        LogEventLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    /// <summary>The Serilog level of a .NET level.</summary>
    public static LogEventLevel FromLogLevel(LogLevel level) => level switch
    {
        LogLevel.Trace => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Information => LogEventLevel.Information,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        _ => LogEventLevel.Fatal,
    };
}
