using CrawlCluster.Core.Logging;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting;

namespace CrawlCluster.Cli.Logging;

/// <summary>
/// Builds a process's logger from <see cref="LogOptions"/>: Microsoft.Extensions.Logging in front, Serilog behind,
/// with the original's text or JSON lines to standard output or to a file rolled at <c>LOG_MAX_BYTES</c> keeping
/// <c>LOG_BACKUPS</c> old files.
/// </summary>
internal static class ProcessLogging
{
    /// <summary>Creates the logger factory; disposing it flushes and closes the sinks.</summary>
    /// <param name="options">The component's bound logging options.</param>
    /// <param name="callbacks">In-process listeners, or null.</param>
    /// <param name="stdout">Where standard-output logging goes; null is <see cref="Console.Out"/>.</param>
    /// <param name="leftOut">Event ids not written, or null.</param>
    public static ILoggerFactory Create(LogOptions options, LogCallbacks? callbacks = null, TextWriter? stdout = null, IReadOnlySet<int>? leftOut = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!LogLevelNames.TryParse(options.Level, out var level))
        {
            throw new ArgumentException($"'{options.Level}' is not a log level", nameof(options));
        }

        ITextFormatter formatter = options.Json
            ? new OriginalJsonFormatter(options.LoggerName)
            : new OriginalTextFormatter(options.LoggerName);
        var configuration = new LoggerConfiguration().MinimumLevel.Is(LogEventLevels.FromLogLevel(level));
        if (leftOut is { Count: > 0 })
        {
            configuration.Filter.ByExcluding(e => EventIdOf(e) is { } id && leftOut.Contains(id));
        }

        if (options.Stdout)
        {
            configuration.WriteTo.Sink(new TextWriterSink(formatter, stdout ?? Console.Out));
        }
        else
        {
            Directory.CreateDirectory(options.Directory);
            configuration.WriteTo.File(formatter, Path.Combine(options.Directory, options.File),
                fileSizeLimitBytes: options.MaxBytes, rollOnFileSizeLimit: true,
                retainedFileCountLimit: options.Backups + 1, buffered: false);
        }

        if (callbacks is not null)
        {
            configuration.WriteTo.Sink(new LogCallbackSink(callbacks));
        }

        return new SerilogLoggerFactory(configuration.CreateLogger(), dispose: true);
    }

    // Serilog's bridge keeps a .NET EventId as the structure { Id, Name }.
    private static int? EventIdOf(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var value) && value is StructureValue structure
        && structure.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int id }
            ? id
            : null;
}
