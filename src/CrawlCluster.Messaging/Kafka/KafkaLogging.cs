using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Messaging.Kafka;

/// <summary>Routes librdkafka's own log lines into the process log instead of standard error.</summary>
internal static class KafkaLogging
{
    public static void Forward(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Warning,
            SyslogLevel.Warning or SyslogLevel.Notice => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (logger.IsEnabled(level))
        {
            Log.Librdkafka(logger, level, message.Name, message.Facility, message.Message);
        }
    }
}
