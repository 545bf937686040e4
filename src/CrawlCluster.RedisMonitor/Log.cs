using Microsoft.Extensions.Logging;

namespace CrawlCluster.RedisMonitor;

/// <summary>The Redis Monitor's log events (5xxx); messages as the original's where it had them.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Redis Monitor started: plugins {Plugins} on {Platform}")]
    public static partial void Started(ILogger logger, string plugins, string platform);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Received {Kind} request")]
    public static partial void Received(ILogger logger, string kind, string key);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Sent {Kind} to kafka")]
    public static partial void Sent(ILogger logger, string kind, string topic);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "{Plugin} failed on {Key} (attempt {Attempt}): {Reason}")]
    public static partial void JobFailed(ILogger logger, Exception exception, string plugin, string key, long attempt, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "Could not process action within failure limit")]
    public static partial void GaveUp(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Stop requests need a crawlid and appid")]
    public static partial void StopNeedsCrawl(ILogger logger, string key);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Unknown stats request {Stats}")]
    public static partial void UnknownStats(ILogger logger, string stats);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Store work failed ({Reason}); will try again")]
    public static partial void StoreFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Warning, Message = "The bus refused an answer ({Reason}); its job stays and is tried again")]
    public static partial void BusFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Information, Message = "Adopted {Count} jobs written by other programs")]
    public static partial void Adopted(ILogger logger, int count);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Crawl {AppId}/{CrawlId} complete: {Pages} pages, {Failed} failed")]
    public static partial void CrawlComplete(ILogger logger, string appId, string crawlId, long pages, long failed);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "{What} Stats Dump:\n{Dump}")]
    public static partial void StatsDump(ILogger logger, string what, string dump);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Plugin {Plugin} found in {Path} has no rank in PLUGINS; not loaded")]
    public static partial void UnrankedPlugin(ILogger logger, string plugin, string path);
}
