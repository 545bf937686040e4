using Microsoft.Extensions.Logging;

namespace CrawlCluster.Sink;

/// <summary>The sink's log events (7xxx).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Sink started: {Topics} in group {Group} into {Database} (schema version {Version})")]
    public static partial void Started(ILogger logger, string topics, string group, string database, int version);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Debug, Message = "Wrote {Rows} rows and {DeadLetters} dead letters in {Milliseconds} ms")]
    public static partial void BatchWritten(ILogger logger, int rows, int deadLetters, long milliseconds);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Database unavailable ({Reason}); reading paused, {Buffered} messages held, retrying")]
    public static partial void OutageBegan(ILogger logger, string reason, int buffered);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Database still unavailable after {Seconds} s and {Attempts} attempts ({Reason})")]
    public static partial void OutageContinues(ILogger logger, long seconds, int attempts, string reason);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Database back after {Seconds} s; writing resumed")]
    public static partial void OutageEnded(ILogger logger, double seconds);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Dead letter {Topic}/{Partition}/{Position}: {Error}")]
    public static partial void DeadLettered(ILogger logger, string topic, int partition, string position, string error);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Information, Message = "Sink stopped: {Rows} rows, {DeadLetters} dead letters written")]
    public static partial void Stopped(ILogger logger, long rows, long deadLetters);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Warning, Message = "Stopped with {Count} messages not written (the database did not answer in time); they will be read again")]
    public static partial void Unwritten(ILogger logger, int count);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Warning, Message = "Could not publish a dead letter to {Topic}: {Reason}")]
    public static partial void DeadLetterTopicFailed(ILogger logger, string topic, string reason);
}
