using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace CrawlCluster.Cli.Logging;

/// <summary>Writes formatted events to a <see cref="TextWriter"/> (standard output, or a test's buffer), one at a time.</summary>
/// <param name="formatter">The line format.</param>
/// <param name="output">Where lines go.</param>
internal sealed class TextWriterSink(ITextFormatter formatter, TextWriter output) : ILogEventSink
{
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, output);
            output.Flush();
        }
    }
}
