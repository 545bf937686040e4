using Microsoft.Extensions.Logging;

namespace CrawlCluster.Crawler;

/// <summary>The crawler's log events (3xxx); messages as the original's where it had them (CONTRACT.md Part B §2).</summary>
internal static partial class Log
{
    /// <summary>"Scraper Retry": a command with its own display (crawl) counts retries rather than logging each.</summary>
    public const int ScraperRetryId = 3002;

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Scraped page")]
    public static partial void Scraped(ILogger logger, string url, int statusCode, string appid, string crawlid, int links);

    [LoggerMessage(EventId = ScraperRetryId, Level = LogLevel.Error, Message = "Scraper Retry")]
    public static partial void ScraperRetry(ILogger logger, string url, string errorReason, int retryCount, int statusCode, string appid, string crawlid);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Not crawled: {Url}: {Reason}")]
    public static partial void Dropped(ILogger logger, string url, string reason, string appid, string crawlid);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Error,
        Message = "The store or the bus failed ({Reason}); workers wait {DelayMs} ms and try again, and leased requests go back to their queues when their leases run out")]
    public static partial void Outage(ILogger logger, string reason, long delayMs);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "{Spider} could not follow the links of {Url}: {Problem}")]
    public static partial void SpiderProblem(ILogger logger, string spider, string url, string problem);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Crawler {Spider} started: {Workers} workers on {Platform}")]
    public static partial void Started(ILogger logger, string spider, int workers, string platform);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Crawler stopping: {Released} leased requests returned to their queues")]
    public static partial void Stopped(ILogger logger, int released);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Could not learn the public IP ({Reason}); throttle keys use {Fallback} until it is learned")]
    public static partial void NoPublicIp(ILogger logger, string reason, string fallback);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Public IP: {Ip}")]
    public static partial void PublicIp(ILogger logger, string ip);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "Enabled {Kind}: {Components}")]
    public static partial void Enabled(ILogger logger, string kind, string components);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Error, Message = "{Component} failed on {Url}: {Reason}")]
    public static partial void ComponentFailed(ILogger logger, Exception exception, string component, string url, string reason, string appid, string crawlid);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Information, Message = "The store and the bus answer again after {Failures} failed attempts")]
    public static partial void OutageOver(ILogger logger, long failures);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Information,
        Message = "Adopted {Requests} requests another program queued for {Spider} (in {Domains} new domains) into their crawls' counts")]
    public static partial void Adopted(ILogger logger, int requests, string spider, int domains);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Store maintenance failed ({Reason}); will try again")]
    public static partial void MaintenanceFailed(ILogger logger, string reason);
}
