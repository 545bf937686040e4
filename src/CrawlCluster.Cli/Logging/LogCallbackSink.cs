using CrawlCluster.Core.Logging;
using Serilog.Core;
using Serilog.Events;

namespace CrawlCluster.Cli.Logging;

/// <summary>Hands every event that passed the level threshold to the registered <see cref="LogCallbacks"/>.</summary>
/// <param name="callbacks">The in-process listeners.</param>
internal sealed class LogCallbackSink(LogCallbacks callbacks) : ILogEventSink
{
    /// <inheritdoc/>
    public void Emit(LogEvent logEvent)
    {
        if (callbacks.IsEmpty)
        {
            return;
        }

        callbacks.Dispatch(LogEventLevels.ToLogLevel(logEvent.Level), MessageText.Render(logEvent),
            LogEventExtras.ToValues(logEvent));
    }
}
