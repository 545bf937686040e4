using CrawlCluster.Cli.Commands;

namespace CrawlCluster.Cli.Tests.Commands;

[Trait("Kind", "Unit")]
public sealed class SettingsCommandTests
{
    [Theory]
    [InlineData("crawler", "QUEUE_HITS", "10")]
    [InlineData("crawler", "QUEUE_WINDOW", "60")]
    [InlineData("crawler", "QUEUE_MODERATED", "true")]
    [InlineData("crawler", "SCHEDULER_QUEUE_REFRESH", "10")]
    [InlineData("crawler", "SCHEDULER_QUEUE_TIMEOUT", "3600")]
    [InlineData("crawler", "SCHEDULER_ITEM_RETRIES", "3")]
    [InlineData("crawler", "DUPEFILTER_TIMEOUT", "600")]
    [InlineData("crawler", "SCHEDULER_IP_REFRESH", "60")]
    [InlineData("crawler", "SCHEDULER_TYPE_ENABLED", "true")]
    [InlineData("crawler", "SCHEDULER_IP_ENABLED", "true")]
    [InlineData("crawler", "PUBLIC_IP_URL", "http://ip.42.pl/raw")]
    [InlineData("crawler", "GLOBAL_PAGE_PER_DOMAIN_LIMIT", "null")]
    [InlineData("crawler", "DOMAIN_MAX_PAGE_TIMEOUT", "600")]
    [InlineData("crawler", "RETRY_TIMES", "3")]
    [InlineData("crawler", "RETRY_HTTP_CODES", "500,502,503,504,522,524,408")]
    [InlineData("crawler", "DOWNLOAD_TIMEOUT", "10")]
    [InlineData("crawler", "KAFKA_TOPIC_PREFIX", "demo")]
    [InlineData("crawler", "KAFKA_APPID_TOPICS", "false")]
    [InlineData("crawler", "KAFKA_BASE_64_ENCODE", "false")]
    [InlineData("crawler", "KAFKA_PRODUCER_MAX_REQUEST_SIZE", "1048576")]
    [InlineData("crawler", "STATS_RESPONSE_CODES", "200,404,403,504")]
    [InlineData("crawler", "SC_LOGGER_NAME", "sc-crawler")]
    [InlineData("crawler", "SC_LOG_FILE", "sc_crawler.log")]
    [InlineData("crawler", "SC_LOG_LEVEL", "INFO")]
    [InlineData("crawler", "ZOOKEEPER_ASSIGN_PATH", "/scrapy-cluster/crawler/")]
    [InlineData("crawler", "ZOOKEEPER_ID", "all")]
    [InlineData("crawler", "DOWNLOADER_MIDDLEWARES", """{"DomainBlacklistMiddleware":100,"CrawlStateMiddleware":200,"SeedDupeFilterMiddleware":300,"UserAgentMiddleware":400,"CookiesMiddleware":450,"RetryMiddleware":500,"RobotsTxtMiddleware":550,"RedirectMiddleware":600,"StatusStatsMiddleware":700,"DomainSlotsMiddleware":800}""")]
    [InlineData("crawler", "SPIDER_MIDDLEWARES", """{"DepthMiddleware":900}""")]
    [InlineData("crawler", "ITEM_PIPELINES", """{"BusPublishPipeline":1000}""")]
    [InlineData("crawler", "CRAWLER_CACHE_SIZE", "10000")]
    [InlineData("crawler", "ROBOTSTXT_FAILURE_CACHE", "300")]
    [InlineData("kafka-monitor", "KAFKA_INCOMING_TOPIC", "demo.incoming")]
    [InlineData("kafka-monitor", "KAFKA_GROUP", "demo-group")]
    [InlineData("kafka-monitor", "KAFKA_FEED_TIMEOUT", "10")]
    [InlineData("kafka-monitor", "KAFKA_CONSUMER_AUTO_OFFSET_RESET", "earliest")]
    [InlineData("kafka-monitor", "KAFKA_CONSUMER_TIMEOUT", "50")]
    [InlineData("kafka-monitor", "KAFKA_CONSUMER_COMMIT_INTERVAL_MS", "5000")]
    [InlineData("kafka-monitor", "KAFKA_CONSUMER_FETCH_MESSAGE_MAX_BYTES", "10485760")]
    [InlineData("kafka-monitor", "KAFKA_PRODUCER_BATCH_LINGER_MS", "25")]
    [InlineData("kafka-monitor", "KAFKA_PRODUCER_BUFFER_BYTES", "4194304")]
    [InlineData("kafka-monitor", "KAFKA_HOSTS", "localhost:9092")]
    [InlineData("kafka-monitor", "PLUGIN_DIR", "plugins/")]
    [InlineData("kafka-monitor", "PLUGINS", """{"ScraperHandler":100,"ActionHandler":200,"StatsHandler":300,"ZookeeperHandler":400}""")]
    [InlineData("kafka-monitor", "REDIS_HOST", "localhost")]
    [InlineData("kafka-monitor", "REDIS_PORT", "6379")]
    [InlineData("kafka-monitor", "REDIS_DB", "0")]
    [InlineData("kafka-monitor", "REDIS_PASSWORD", "null")]
    [InlineData("kafka-monitor", "LOGGER_NAME", "kafka-monitor")]
    [InlineData("kafka-monitor", "LOG_DIR", "logs")]
    [InlineData("kafka-monitor", "LOG_FILE", "kafka_monitor.log")]
    [InlineData("kafka-monitor", "LOG_MAX_BYTES", "10485760")]
    [InlineData("kafka-monitor", "LOG_BACKUPS", "5")]
    [InlineData("kafka-monitor", "LOG_STDOUT", "true")]
    [InlineData("kafka-monitor", "LOG_JSON", "false")]
    [InlineData("kafka-monitor", "LOG_LEVEL", "INFO")]
    [InlineData("kafka-monitor", "STATS_TOTAL", "true")]
    [InlineData("kafka-monitor", "STATS_PLUGINS", "true")]
    [InlineData("kafka-monitor", "STATS_CYCLE", "5")]
    [InlineData("kafka-monitor", "STATS_DUMP", "60")]
    [InlineData("kafka-monitor", "STATS_TIMES", "SECONDS_15_MINUTE,SECONDS_1_HOUR,SECONDS_6_HOUR,SECONDS_12_HOUR,SECONDS_1_DAY,SECONDS_1_WEEK")]
    [InlineData("kafka-monitor", "SLEEP_TIME", "0.01")]
    [InlineData("kafka-monitor", "HEARTBEAT_TIMEOUT", "120")]
    [InlineData("redis-monitor", "PLUGINS", """{"InfoMonitor":100,"StatusMonitor":150,"StopMonitor":200,"ExpireMonitor":300,"StatsMonitor":400,"ZookeeperMonitor":500}""")]
    [InlineData("redis-monitor", "CRAWL_COMPLETE_QUIET", "5")]
    [InlineData("redis-monitor", "LOGGER_NAME", "redis-monitor")]
    [InlineData("redis-monitor", "LOG_FILE", "redis_monitor.log")]
    [InlineData("redis-monitor", "RETRY_FAILURES", "true")]
    [InlineData("redis-monitor", "RETRY_FAILURES_MAX", "3")]
    [InlineData("redis-monitor", "REDIS_LOCK_EXPIRATION", "6")]
    [InlineData("redis-monitor", "SLEEP_TIME", "0.1")]
    [InlineData("redis-monitor", "STATS_DUMP_CRAWL", "true")]
    [InlineData("redis-monitor", "STATS_DUMP_QUEUE", "true")]
    [InlineData("redis-monitor", "KAFKA_CONN_TIMEOUT", "5")]
    [InlineData("rest", "FLASK_PORT", "5343")]
    [InlineData("rest", "FLASK_LOGGING_ENABLED", "true")]
    [InlineData("rest", "KAFKA_CONSUMER_AUTO_OFFSET_RESET", "latest")]
    [InlineData("rest", "KAFKA_CONSUMER_SLEEP_TIME", "1")]
    [InlineData("rest", "KAFKA_PRODUCER_TOPIC", "demo.incoming")]
    [InlineData("rest", "LOGGER_NAME", "rest-service")]
    [InlineData("rest", "LOG_FILE", "rest_service.log")]
    [InlineData("rest", "SLEEP_TIME", "5")]
    [InlineData("rest", "DAEMON_THREAD_JOIN_TIMEOUT", "10")]
    [InlineData("rest", "WAIT_FOR_RESPONSE_TIME", "5")]
    [InlineData("rest", "SCHEMA_DIR", "schemas/")]
    public async Task Settings_Component_ShowsTheContractDefault(string component, string key, string value)
    {
        var (exitCode, output, _) = await CliRun.InvokeAsync(["settings", "--component", component]);

        Assert.Equal(0, exitCode);
        Assert.Equal((value, "(default)"), Row(output, key));
    }

    [Fact]
    public async Task Settings_ChainsGiven_AreMergedOverTheBuiltIns_NullDisablingOne()
    {
        var (exitCode, output, _) = await CliRun.InvokeAsync(
            ["--set", """ITEM_PIPELINES={"MyPipeline": 500}""", "--set", """DOWNLOADER_MIDDLEWARES={"RobotsTxtMiddleware": null}""", "settings", "-c", "crawler"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(("""{"BusPublishPipeline":1000,"MyPipeline":500}""", "(--set)"), Row(output, "ITEM_PIPELINES"));
        Assert.Contains("\"RobotsTxtMiddleware\":null", Row(output, "DOWNLOADER_MIDDLEWARES").Value, StringComparison.Ordinal);
        Assert.Contains("\"RetryMiddleware\":500", Row(output, "DOWNLOADER_MIDDLEWARES").Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_UserPrefixedKey_IsAccepted_ForCustomComponents()
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync(["--set", "X_MY_PROXY=http://127.0.0.1:3128", "settings", "-c", "crawler"]);

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
    }

    [Fact]
    public async Task Settings_TextForInteger_OneLineErrorAndExit2()
    {
        var (exitCode, output, error) = await CliRun.InvokeAsync(["--set", "QUEUE_HITS=abc", "settings"]);

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Equal("crawlcluster: QUEUE_HITS (from --set): 'abc' is not an integer", error.Trim());
        Assert.Empty(output);
    }

    [Fact]
    public async Task Settings_EnvironmentValueOutOfRange_NamesTheEnvironment()
    {
        var (exitCode, _, error) = await CliRun.InvokeAsync(["settings"], new() { ["REDIS_PORT"] = "70000" });

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("REDIS_PORT (from environment): must be a TCP port between 1 and 65535", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_Layers_EachNamedInTheListing()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("crawlcluster-cli-").FullName, "local.json");
        await File.WriteAllTextAsync(file, """{ "QUEUE_HITS": 5, "KAFKA_HOSTS": ["k1:9092", "k2:9092"] }""");

        var (exitCode, output, _) = await CliRun.InvokeAsync(
            ["--settings", file, "--set", "QUEUE_MODERATED=false", "settings", "-c", "crawler"], new() { ["QUEUE_WINDOW"] = "30" });

        Assert.Equal(0, exitCode);
        Assert.Equal(("5", $"({file})"), Row(output, "QUEUE_HITS"));
        Assert.Equal(("k1:9092,k2:9092", $"({file})"), Row(output, "KAFKA_HOSTS"));
        Assert.Equal(("30", "(environment)"), Row(output, "QUEUE_WINDOW"));
        Assert.Equal(("false", "(--set)"), Row(output, "QUEUE_MODERATED"));
    }

    [Fact]
    public async Task LogLevelOption_SetsBothLogLevelKeys_AndIsValidated()
    {
        var ok = await CliRun.InvokeAsync(["settings", "--log-level", "DEBUG"]);
        var bad = await CliRun.InvokeAsync(["settings", "--log-level", "LOUD"]);

        Assert.Equal(("DEBUG", "(--set)"), Row(ok.Output, "LOG_LEVEL"));
        Assert.Equal(("DEBUG", "(--set)"), Row(ok.Output, "SC_LOG_LEVEL"));
        Assert.Equal(ExitCodes.UsageError, bad.ExitCode);
        Assert.Contains("LOG_LEVEL (from --set): must be one of DEBUG, INFO, WARN, WARNING, ERROR, CRITICAL", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_Secrets_AreMasked()
    {
        var (_, output, _) = await CliRun.InvokeAsync(["settings", "--set", "REDIS_PASSWORD=hunter2", "--set", "REST_API_KEY=k3y"]);

        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
        Assert.DoesNotContain("k3y", output, StringComparison.Ordinal);
        Assert.Equal(("****", "(--set)"), Row(output, "REDIS_PASSWORD"));
    }

    [Fact]
    public async Task Settings_OriginalMisspelledKey_IsAccepted()
    {
        var (exitCode, output, _) = await CliRun.InvokeAsync(["settings", "-c", "crawler", "--set", "SCHEUDLER_ITEM_RETRIES=7"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(("7", "(--set)"), Row(output, "SCHEDULER_ITEM_RETRIES"));
    }

    private static (string Value, string Source) Row(string output, string key)
    {
        var line = output.Split('\n').First(l => l.StartsWith(key + " ", StringComparison.Ordinal));
        var parts = line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (parts[1], parts[^1]);
    }
}
