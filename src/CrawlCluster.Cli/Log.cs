using Microsoft.Extensions.Logging;

namespace CrawlCluster.Cli;

/// <summary>The Cli project's log events (8xxx).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Feeding JSON into {Topic}\n{Json}")]
    public static partial void Feeding(ILogger logger, string topic, string json);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Successfully fed item to {Platform}")]
    public static partial void Fed(ILogger logger, string platform);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Error, Message = "Failed to feed item into Kafka: {Reason}")]
    public static partial void FeedFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Error, Message = "JSON failed to parse: {Reason}")]
    public static partial void FeedUnparseable(ILogger logger, string reason);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Warning, Message = "Message is not a JSON object")]
    public static partial void NotJson(ILogger logger);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Warning, Message = "Undecodable message at {Topic}[{Partition}]@{Offset}: {Reason}")]
    public static partial void Undecodable(ILogger logger, string topic, int partition, string offset, string reason);

    [LoggerMessage(EventId = 8007, Level = LogLevel.Information, Message = "Num Records: {Count}, Total MBs: {Megabytes:F3}, kb per message: {KilobytesPerMessage:F3}")]
    public static partial void DumpSummary(ILogger logger, long count, double megabytes, double kilobytesPerMessage);

    [LoggerMessage(EventId = 8009, Level = LogLevel.Information, Message = "Reading {Topic} on {Platform}, {Start}")]
    public static partial void DumpStarted(ILogger logger, string topic, string platform, string start);

    [LoggerMessage(EventId = 8008, Level = LogLevel.Error, Message = "{Reason}")]
    public static partial void Unreachable(ILogger logger, string reason);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Error, Message = "{Component} stopped: {Reason}")]
    public static partial void ComponentStopped(ILogger logger, string component, string reason);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Critical, Message = "{Component} failed: {Reason}")]
    public static partial void ComponentFaulted(ILogger logger, Exception exception, string component, string reason);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Warning, Message = "Topic {Topic} does not exist yet on {Platform}; waiting for its first message (Ctrl-C to stop)")]
    public static partial void TopicMissing(ILogger logger, string topic, string platform);

    [LoggerMessage(EventId = 8013, Level = LogLevel.Information, Message = "Serving /metrics and /health on http://127.0.0.1:{Port}")]
    public static partial void MetricsServing(ILogger logger, int port);
}
