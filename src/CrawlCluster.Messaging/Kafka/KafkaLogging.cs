using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Messaging.Kafka;

/// <summary>
/// Routes librdkafka's output into the process log. Its own log lines go to DEBUG (the same events also arrive as
/// client errors), and each distinct client error is logged once per <see cref="RepeatAfter"/>: a broker that is down
/// produces the same error many times a second.
/// </summary>
internal sealed class KafkaLogging(ILogger logger, TimeProvider time)
{
    /// <summary>How long an error stays quiet after it was logged.</summary>
    public static readonly TimeSpan RepeatAfter = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastLogged = new(StringComparer.Ordinal);

    /// <summary>A librdkafka log line.</summary>
    public void Forward(LogMessage message)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            Log.Librdkafka(logger, LogLevel.Debug, message.Name, message.Facility, message.Message);
        }
    }

    /// <summary>A client error.</summary>
    public void Error(string client, Error error)
    {
        var now = time.GetUtcNow();
        var key = client + "|" + error.Reason;
        if (_lastLogged.TryGetValue(key, out var last) && now - last < RepeatAfter)
        {
            return;
        }

        _lastLogged[key] = now;
        Log.KafkaError(logger, client, error.Reason);
    }
}
