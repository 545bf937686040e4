using Microsoft.Extensions.Logging;

namespace CrawlCluster.KafkaMonitor;

/// <summary>The Kafka Monitor's log events (4xxx); messages as the original's where it had them (CONTRACT.md Part B §1).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Unparseable JSON Received")]
    public static partial void Unparseable(ILogger logger, bool parsed, bool valid, string data, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Did not find schema to validate request")]
    public static partial void NoSchema(ILogger logger, bool parsed, bool valid, string data, string errors);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Added crawl to Redis")]
    public static partial void AddedCrawl(ILogger logger, string url, string appid, string crawlid, string spiderid, string domain);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Added action to Redis")]
    public static partial void AddedAction(ILogger logger, string key);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Added stat request to Redis")]
    public static partial void AddedStatsRequest(ILogger logger, string key);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Added zookeeper action to Redis")]
    public static partial void AddedDomainConfigJob(ILogger logger, string key);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "{Plugin} refused the request: {Reason}")]
    public static partial void Rejected(ILogger logger, string plugin, string reason, string data);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Error, Message = "{Plugin} failed on a request; counted as failed, going on")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string plugin, string data);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "The store is unreachable while {Plugin} handles {MessageId} ({Reason}); retrying the same request in {DelayMs} ms")]
    public static partial void StoreOutage(ILogger logger, string plugin, string messageId, string reason, long delayMs);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Request of {Bytes} bytes refused: over KAFKA_MONITOR_MAX_REQUEST_BYTES ({Limit})")]
    public static partial void TooLarge(ILogger logger, int bytes, int limit, bool parsed, bool valid);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Undecodable message {MessageId}: {Reason}")]
    public static partial void Undecodable(ILogger logger, string messageId, string reason, bool parsed, bool valid);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "Kafka Monitor reading {Topic} in group {Group} on {Platform}; plugins: {Plugins}")]
    public static partial void Started(ILogger logger, string topic, string group, string platform, string plugins);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "Closing Kafka Monitor")]
    public static partial void Closing(ILogger logger);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Information, Message = "Kafka Monitor Stats Dump:\n{Dump}")]
    public static partial void StatsDump(ILogger logger, string dump);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Warning, Message = "Could not write stats or heartbeat ({Reason}); will try again")]
    public static partial void StatsFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Warning, Message = "Plugin {Plugin} found in {Path} has no rank in PLUGINS; not loaded")]
    public static partial void UnrankedPlugin(ILogger logger, string plugin, string path);

    [LoggerMessage(EventId = 4018, Level = LogLevel.Warning, Message = "Could not commit {Topic}[{Partition}]@{Position} ({Reason}); it will be delivered again and not queued twice")]
    public static partial void CommitFailed(ILogger logger, string topic, int partition, string position, string reason);

    [LoggerMessage(EventId = 4017, Level = LogLevel.Debug, Message = "Loaded plugin {Plugin} (rank {Rank}) from {Source}")]
    public static partial void PluginLoaded(ILogger logger, string plugin, int rank, string source);
}
