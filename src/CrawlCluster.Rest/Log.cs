using Microsoft.Extensions.Logging;

namespace CrawlCluster.Rest;

/// <summary>The Rest gateway's log events (6xxx); messages as the original's where it had them.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Rest gateway listening on {Url} (node {NodeId})")]
    public static partial void Listening(ILogger logger, string url, string nodeId);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "'{Endpoint}' endpoint called")]
    public static partial void EndpointCalled(ILogger logger, string endpoint, string content);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Bad JSON from the outbound topic: {Reason}")]
    public static partial void BadOutbound(ILogger logger, string reason);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Could not keep the answer {Uuid} for /poll: {Reason}")]
    public static partial void PollSaveFailed(ILogger logger, string uuid, string reason);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Heartbeat not written: {Reason}")]
    public static partial void HeartbeatFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning,
        Message = "The gateway listens on {Host}, reachable from other machines, and REST_API_KEY is not set: anyone who can reach it can feed and stop crawls")]
    public static partial void PublicWithoutKey(ILogger logger, string host);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "Could not send to {Topic}: {Reason}")]
    public static partial void ProduceFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "Cannot read {Topic} ({Reason}); answers wait, trying again in {Seconds} s")]
    public static partial void OutboundUnreadable(ILogger logger, string topic, string reason, double seconds);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Dashboard not refreshed: {Reason}")]
    public static partial void DashboardStoreFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Error, Message = "Unexpected error on {Path}")]
    public static partial void Unexpected(ILogger logger, Exception exception, string path);
}
