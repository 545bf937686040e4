using Microsoft.Extensions.Logging;

namespace CrawlCluster.Messaging;

/// <summary>The Messaging project's log events (2xxx).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Message = "librdkafka {Client} {Facility}: {Text}")]
    public static partial void Librdkafka(ILogger logger, LogLevel level, string client, string facility, string text);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Kafka {Client}: {Reason}")]
    public static partial void KafkaError(ILogger logger, string client, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Could not commit {Topic}[{Partition}]@{Offset}: {Reason}; it will be delivered again")]
    public static partial void CommitSkipped(ILogger logger, string topic, int partition, string offset, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Could not create {Topic} with {Partitions} partitions ({Reason}); relying on the brokers' auto-creation")]
    public static partial void TopicNotCreated(ILogger logger, string topic, int partitions, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Claimed {Count} unacknowledged messages of {Topic} from stopped consumers")]
    public static partial void Claimed(ILogger logger, int count, string topic);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Redis unreachable while reading {Topics} ({Reason}); retrying in {DelayMs} ms")]
    public static partial void ReadOutage(ILogger logger, string topics, string reason, long delayMs);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Reading {Topics} again after {Seconds:0.0} s")]
    public static partial void ReadRecovered(ILogger logger, string topics, double seconds);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Consumer group {Group} of {Topic} was gone (Redis restarted without its data?); created it again at the stream's start")]
    public static partial void GroupRecreated(ILogger logger, string group, string topic);
}
