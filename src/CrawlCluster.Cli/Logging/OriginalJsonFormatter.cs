using System.Globalization;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Json;
using CrawlCluster.Core.Logging;
using Serilog.Events;
using Serilog.Formatting;

namespace CrawlCluster.Cli.Logging;

/// <summary>
/// The original's JSON line (python-json-logger, CONTRACT.md Part B §6.2): <c>message</c> first, then the extras,
/// then <c>level</c>, <c>timestamp</c> (UTC, microseconds, <c>Z</c>) and <c>logger</c>; one object per line.
/// </summary>
/// <param name="loggerName">The component's logger name.</param>
internal sealed class OriginalJsonFormatter(string loggerName) : ITextFormatter
{
    /// <inheritdoc/>
    public void Format(LogEvent logEvent, TextWriter output)
    {
        var line = new JsonObject { ["message"] = MessageText.Render(logEvent) };
        foreach (var (name, value) in LogEventExtras.ToJson(logEvent).ToList())
        {
            if (name is not ("message" or "level" or "timestamp" or "logger"))
            {
                line[name] = value?.DeepClone();
            }
        }

        if (logEvent.Exception is { } exception)
        {
            line["exception"] = exception.ToString();
        }

        line["level"] = LogLevelNames.NameOf(LogEventLevels.ToLogLevel(logEvent.Level));
        line["timestamp"] = logEvent.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        line["logger"] = loggerName;
        output.Write(WireJson.Serialize(line, WireJsonStyle.Python));
        output.Write('\n');
    }
}
