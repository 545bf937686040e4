using CrawlCluster.Core.Store;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrawlCluster.Cli.Configuration;
using CrawlCluster.Cli.Hosting;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Contract;
using CrawlCluster.Core.Json;
using CrawlCluster.KafkaMonitor;
using CrawlCluster.KafkaMonitor.Ingest;
using CrawlCluster.KafkaMonitor.Validation;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CrawlCluster.Cli.Commands;

/// <summary>
/// The commands that talk to the bus directly: <c>kafka-monitor feed</c>, <c>dump</c> and <c>list</c> (the original's
/// <c>kafka_monitor.py feed</c> and <c>kafkadump.py</c>). They read the Kafka Monitor's settings.
/// </summary>
internal static class BusCommands
{
    /// <summary><c>crawlcluster kafka-monitor feed '&lt;json&gt;'</c>.</summary>
    public static Command Feed(SettingsLoader loader)
    {
        var json = new Argument<string>("json") { Description = "The request, as JSON" };
        var noValidate = new Option<bool>("--no-validate") { Description = "Send it even when no plugin's schema accepts it" };
        var topicOption = new Option<string?>("--topic", "-t")
        {
            Description = "Put the JSON on this topic instead (any JSON value, or an array of them, each sent with a 'received' time); not validated",
            HelpName = "TOPIC",
        };
        var command = new Command("feed", CommandCatalog.Get("kafka-monitor feed").Summary) { json, noValidate, topicOption };
        CommandRunner.SetAction(command, async (parseResult, cancellationToken) =>
        {
            using var scope = CommandScope.Create(parseResult, loader, KafkaMonitorSettings.Sections);
            var logger = scope.Logger("CrawlCluster.Feed");
            JsonNode? request;
            try
            {
                request = JsonNode.Parse(parseResult.GetValue(json)!);
            }
            catch (JsonException ex)
            {
                Log.FeedUnparseable(logger, ex.Message);
                return ExitCodes.UsageError;
            }

            var options = scope.Get<KafkaMonitorOptions>();
            var bus = scope.Get<BusOptions>();
            if (RejectMemory(bus, logger))
            {
                return ExitCodes.UsageError;
            }

            var topic = parseResult.GetValue(topicOption);
            if (topic is null && !parseResult.GetValue(noValidate))
            {
                // What the Kafka Monitor would refuse is refused here, with its reasons, before anything is sent.
                var validator = await RequestValidator.LoadAsync(options, logger).ConfigureAwait(false);
                var (plugin, errors) = validator.Validate(parseResult.GetValue(json)!);
                if (plugin is null)
                {
                    var error = parseResult.InvocationConfiguration.Error;
                    await error.WriteLineAsync($"crawlcluster: no plugin accepts this request: {string.Join("; ", errors)} (--no-validate sends it anyway)")
                        .ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }
            }

            // The whole feed is bounded by KAFKA_FEED_TIMEOUT, as the original's SIGALRM was.
            bus.DeliveryTimeoutMs = Math.Min(bus.DeliveryTimeoutMs, options.FeedTimeoutSeconds * 1000);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.FeedTimeoutSeconds));
            var messages = topic is null ? [request] : ReceivedStamp.Apply(request, DateTimeOffset.UtcNow).Messages;
            topic ??= options.IncomingTopic;
            Log.Feeding(logger, topic, WireJson.Serialize(request, WireJsonStyle.Python, indent: 4));
            try
            {
                await using var messageBus = await BusFactory.CreateAsync(bus, scope.Get<RedisOptions>(), scope.Loggers).WaitAsync(timeout.Token).ConfigureAwait(false);
                await Task.WhenAll(messages.Select(message =>
                    messageBus.ProduceAsync(topic, BusMessage.FromJson(message?.ToJsonString() ?? "null"), timeout.Token).AsTask())).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BusException or RedisException or OperationCanceledException)
            {
                Log.FeedFailed(logger, ex is OperationCanceledException ? $"no answer within KAFKA_FEED_TIMEOUT ({options.FeedTimeoutSeconds} s)" : ex.Message);
                return ExitCodes.Failure;
            }

            Log.Fed(logger, PlatformName(bus.Platform));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The platform as the user knows it, for messages.</summary>
    private static string PlatformName(string platform) => platform.ToLowerInvariant() switch
    {
        "redis" => "Redis Streams",
        "memory" => "the in-memory bus",
        _ => "Kafka",
    };

    /// <summary><c>crawlcluster dump -t TOPIC [-p] [-b] [-n MAX] [-g GROUP] [--no-body|--just-body] [-d]</c>.</summary>
    public static Command Dump(SettingsLoader loader)
    {
        var topic = new Option<string>("--topic", "-t") { Description = "The topic to read", Required = true };
        var pretty = new Option<bool>("--pretty", "-p") { Description = "Pretty-print JSON (indent 4)" };
        var fromBeginning = new Option<bool>("--from-beginning", "-b") { Description = "Start at the oldest message (default: only new ones)" };
        var max = new Option<int?>("--max", "-n") { Description = "Exit after this many messages", HelpName = "MAX" };
        var group = new Option<string?>("--group", "-g", "-c") { Description = "Read in this consumer group and commit (default: no group)", HelpName = "GROUP" };
        var noBody = new Option<bool>("--no-body", "-nb") { Description = "Drop the body field" };
        var justBody = new Option<bool>("--just-body", "-jb") { Description = "Print only the body field" };
        var decode = new Option<bool>("--decode-base64", "-d") { Description = "Base64-decode the body with the item's encoding" };
        var command = new Command("dump", CommandCatalog.Get("dump").Summary) { topic, pretty, fromBeginning, max, group, noBody, justBody, decode };
        CommandRunner.SetAction(command, async (parseResult, interrupted) =>
        {
            // SIGTERM stops a dump as Ctrl-C does: the summary line, exit 0.
            using var shutdown = new ShutdownSignal(interrupted);
            var cancellationToken = shutdown.Token;
            var output = parseResult.InvocationConfiguration.Output;

            // Messages go to standard output, the log to standard error, so the output can be piped.
            using var scope = CommandScope.Create(parseResult, loader, KafkaMonitorSettings.Sections, Console.Error, loggerName: "kafkadump");
            var logger = scope.Logger("CrawlCluster.Dump");
            var bus = scope.Get<BusOptions>();
            if (RejectMemory(bus, logger))
            {
                return ExitCodes.UsageError;
            }

            long count = 0, bytes = 0;
            var limit = parseResult.GetValue(max);
            try
            {
                await using var messageBus = await BusFactory.CreateAsync(bus, scope.Get<RedisOptions>(), scope.Loggers).ConfigureAwait(false);
                if (!(await messageBus.ListTopicsAsync(cancellationToken).ConfigureAwait(false)).Contains(parseResult.GetValue(topic)!, StringComparer.Ordinal))
                {
                    // Not an error (a producer may create it any moment), but no reason to wait in silence.
                    Log.TopicMissing(logger, parseResult.GetValue(topic)!, messageBus.Platform);
                }

                var settings = new ConsumerSettings([parseResult.GetValue(topic)!], parseResult.GetValue(group),
                    parseResult.GetValue(fromBeginning) ? StartPosition.Earliest : StartPosition.Latest);
                await using var consumer = await messageBus.SubscribeAsync(settings, cancellationToken).ConfigureAwait(false);
                await consumer.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
                Log.DumpStarted(logger, settings.Topics[0], messageBus.Platform,
                    settings.StartPosition == StartPosition.Earliest ? "from the oldest message" : "new messages only");
                await foreach (var message in consumer.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    count++;
                    bytes += message.Value.Length;
                    if (message.DecodeError is { } error)
                    {
                        Log.Undecodable(logger, message.Topic, message.Partition, message.Position, error);
                    }
                    else
                    {
                        await output.WriteLineAsync(Render(message, parseResult.GetValue(pretty), parseResult.GetValue(noBody),
                            parseResult.GetValue(justBody), parseResult.GetValue(decode), logger)).ConfigureAwait(false);
                        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                    }

                    await consumer.CommitAsync(message, cancellationToken).ConfigureAwait(false);
                    if (count == limit)
                    {
                        break;
                    }
                }
            }
            catch (Exception ex) when (ex is BusException or RedisException)
            {
                Log.Unreachable(logger, ex.Message);
                return ExitCodes.Failure;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C ends a dump; the summary still follows.
            }

            Log.DumpSummary(logger, count, bytes / 1_048_576.0, count == 0 ? 0 : bytes / 1024.0 / count);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary><c>crawlcluster list</c>.</summary>
    public static Command List(SettingsLoader loader)
    {
        var command = new Command("list", CommandCatalog.Get("list").Summary);
        CommandRunner.SetAction(command, async (parseResult, cancellationToken) =>
        {
            using var scope = CommandScope.Create(parseResult, loader, KafkaMonitorSettings.Sections, Console.Error, loggerName: "kafkadump");
            var logger = scope.Logger("CrawlCluster.List");
            var bus = scope.Get<BusOptions>();
            if (RejectMemory(bus, logger))
            {
                return ExitCodes.UsageError;
            }

            try
            {
                await using var messageBus = await BusFactory.CreateAsync(bus, scope.Get<RedisOptions>(), scope.Loggers).ConfigureAwait(false);
                var topics = await messageBus.ListTopicsAsync(cancellationToken).ConfigureAwait(false);
                var output = parseResult.InvocationConfiguration.Output;
                await output.WriteLineAsync("Topics:").ConfigureAwait(false);
                foreach (var name in topics)
                {
                    await output.WriteLineAsync($"- {name}").ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is BusException or RedisException)
            {
                Log.Unreachable(logger, ex.Message);
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    internal static bool RejectMemory(BusOptions bus, ILogger logger)
    {
        if (!bus.Platform.Equals("memory", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Log.Unreachable(logger, "QUEUE_PLATFORM=memory lives inside one process; use kafka or redis to reach a cluster from another terminal");
        return true;
    }

    private static string Render(ConsumedMessage message, bool pretty, bool noBody, bool justBody, bool decodeBase64, ILogger logger)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(message.Value.Span);
        }
        catch (JsonException)
        {
            node = null;
        }

        if (node is not JsonObject item)
        {
            Log.NotJson(logger);
            return message.Text;
        }

        if (decodeBase64 && item["body"] is JsonValue body && body.TryGetValue<string>(out var encoded))
        {
            try
            {
                var encoding = Encoding.GetEncoding(item["encoding"]?.GetValue<string>() ?? "utf-8");
                item["body"] = encoding.GetString(Convert.FromBase64String(encoded));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
            {
                // Not base64, or an unknown encoding: print the body as it came.
            }
        }

        if (justBody)
        {
            return item["body"]?.ToString() ?? "";
        }

        if (noBody)
        {
            item.Remove("body");
        }

        return pretty ? WireJson.Serialize(item, WireJsonStyle.Python, indent: 4) : message.Text;
    }
}
