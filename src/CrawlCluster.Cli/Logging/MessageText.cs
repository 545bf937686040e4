using System.Globalization;
using Serilog.Events;
using Serilog.Parsing;

namespace CrawlCluster.Cli.Logging;

/// <summary>
/// Renders an event's message with string values unquoted, as the original's logs read
/// (Serilog's own rendering writes <c>"value"</c> with quotes).
/// </summary>
internal static class MessageText
{
    /// <summary>The rendered message.</summary>
    public static string Render(LogEvent logEvent)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            switch (token)
            {
                case PropertyToken property when logEvent.Properties.TryGetValue(property.PropertyName, out var value):
                    if (value is ScalarValue { Value: string text })
                    {
                        output.Write(text);
                    }
                    else
                    {
                        value.Render(output, property.Format, CultureInfo.InvariantCulture);
                    }

                    break;
                default:
                    token.Render(logEvent.Properties, output, CultureInfo.InvariantCulture);
                    break;
            }
        }

        return output.ToString();
    }
}
