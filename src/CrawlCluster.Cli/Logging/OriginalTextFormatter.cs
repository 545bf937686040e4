using System.Globalization;
using CrawlCluster.Core.Json;
using CrawlCluster.Core.Logging;
using Serilog.Events;
using Serilog.Formatting;

namespace CrawlCluster.Cli.Logging;

/// <summary>
/// The original's text line: <c>2015-12-06 19:59:00,030 [kafka-monitor] INFO: message</c> (CONTRACT.md Part B §6.2),
/// followed by the extras the message does not already show, as JSON, when there are any.
/// </summary>
/// <param name="loggerName">The component's logger name.</param>
internal sealed class OriginalTextFormatter(string loggerName) : ITextFormatter
{
    /// <inheritdoc/>
    public void Format(LogEvent logEvent, TextWriter output)
    {
        var time = logEvent.Timestamp.ToLocalTime();
        output.Write(time.ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture));
        output.Write(" [");
        output.Write(loggerName);
        output.Write("] ");
        output.Write(LogLevelNames.NameOf(LogEventLevels.ToLogLevel(logEvent.Level)));
        output.Write(": ");
        output.Write(MessageText.Render(logEvent));

        var extras = LogEventExtras.ToJson(logEvent);
        foreach (var token in logEvent.MessageTemplate.Tokens.OfType<Serilog.Parsing.PropertyToken>())
        {
            extras.Remove(token.PropertyName);
        }

        if (extras.Count > 0)
        {
            output.Write(' ');
            output.Write(WireJson.Serialize(extras, WireJsonStyle.Python));
        }

        output.Write('\n');
        if (logEvent.Exception is { } exception)
        {
            output.Write(exception.ToString());
            output.Write('\n');
        }
    }
}
