using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CrawlCluster.Cli.Logging;
using CrawlCluster.Core.Logging;
using Microsoft.Extensions.Logging;

namespace CrawlCluster.Cli.Tests.Logging;

[Trait("Kind", "Unit")]
public sealed partial class ProcessLoggingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crawlcluster-logs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Text_HasTheOriginalLineShape_AndExtrasNotInTheMessage()
    {
        var output = new StringWriter();
        using (var factory = ProcessLogging.Create(new LogOptions { LoggerName = "kafka-monitor" }, stdout: output))
        {
            var logger = factory.CreateLogger("Test");
            using (logger.BeginScope(new Dictionary<string, object> { ["AppId"] = "testapp" }))
            {
                logger.LogInformation("Added crawl to Redis for {CrawlId}", "abc123");
            }
        }

        var line = output.ToString().TrimEnd('\n');
        Assert.Matches(TextLine(), line);
        Assert.EndsWith(" [kafka-monitor] INFO: Added crawl to Redis for abc123", line.Split(" {")[0], StringComparison.Ordinal);
        Assert.DoesNotContain("SourceContext", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_OneObjectPerLine_MessageExtrasLevelTimestampLogger()
    {
        var output = new StringWriter();
        using (var factory = ProcessLogging.Create(new LogOptions { LoggerName = "redis-monitor", Json = true }, stdout: output))
        {
            var logger = factory.CreateLogger("Test");
            logger.LogWarning("Stop requests need a crawlid and {Key}", "appid");
            logger.LogError("second line");
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var first = JsonNode.Parse(lines[0])!.AsObject();
        Assert.Equal(["message", "Key", "level", "timestamp", "logger"], first.Select(p => p.Key));
        Assert.Equal("Stop requests need a crawlid and appid", first["message"]!.GetValue<string>());
        Assert.Equal("WARNING", first["level"]!.GetValue<string>());
        Assert.Equal("redis-monitor", first["logger"]!.GetValue<string>());
        Assert.Matches(JsonTimestamp(), first["timestamp"]!.GetValue<string>());
        Assert.Equal(["message", "level", "timestamp", "logger"], JsonNode.Parse(lines[1])!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData("INFO", 3)]
    [InlineData("WARNING", 2)]
    [InlineData("CRITICAL", 0)]
    [InlineData("DEBUG", 4)]
    public void Level_FiltersBelowThreshold(string level, int expectedLines)
    {
        var output = new StringWriter();
        using (var factory = ProcessLogging.Create(new LogOptions { Level = level }, stdout: output))
        {
            var logger = factory.CreateLogger("Test");
            logger.LogDebug("d");
            logger.LogInformation("i");
            logger.LogWarning("w");
            logger.LogError("e");
        }

        Assert.Equal(expectedLines, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void File_RollsAtMaxBytes_KeepingBackupsPlusOne()
    {
        var options = new LogOptions { Stdout = false, Directory = _directory, File = "sc_crawler.log", MaxBytes = 2048, Backups = 2 };
        using (var factory = ProcessLogging.Create(options))
        {
            var logger = factory.CreateLogger("Test");
            for (var i = 0; i < 200; i++)
            {
                logger.LogInformation("line {Number} {Padding}", i, new string('x', 40));
            }
        }

        var files = Directory.GetFiles(_directory);
        var longestLine = files.SelectMany(File.ReadAllLines).Max(l => l.Length + 1);
        Assert.Equal(3, files.Length);

        // Serilog rolls once a file has reached the limit, so a file can pass it by at most the line that reached it.
        Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 1, 2048 + longestLine));
        Assert.All(files, f => Assert.StartsWith("sc_crawler", Path.GetFileName(f), StringComparison.Ordinal));
        Assert.Contains("line 199 ", string.Join('\n', files.Select(File.ReadAllText)), StringComparison.Ordinal);
    }

    [Fact]
    public void Callbacks_ReceiveRecordsAboveTheLoggerThreshold_WithCriteriaOnExtras()
    {
        var callbacks = new LogCallbacks();
        var received = new List<string>();
        callbacks.Register(">=INFO", (message, _) => received.Add(message), new Dictionary<string, object?> { ["Key"] = "value" });
        using (var factory = ProcessLogging.Create(new LogOptions { Level = "INFO" }, callbacks, stdout: TextWriter.Null))
        {
            var logger = factory.CreateLogger("Test");
            logger.LogDebug("debug {Key}", "value");
            logger.LogWarning("warn {Key}", "value");
            logger.LogWarning("warn {Key}", "other");
            logger.LogCritical("critical fault, closing");
        }

        Assert.Equal(["warn value"], received);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \[kafka-monitor\] INFO: Added crawl to Redis for abc123 \{""AppId"": ""testapp""\}$")]
    private static partial Regex TextLine();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")]
    private static partial Regex JsonTimestamp();
}
