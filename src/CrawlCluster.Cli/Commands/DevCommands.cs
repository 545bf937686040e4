using System.CommandLine;
using CrawlCluster.Cli.Hosting;
using CrawlCluster.Core.Keys;
using CrawlCluster.Messaging.Kafka;

namespace CrawlCluster.Cli.Commands;

/// <summary><c>crawlcluster dev ...</c>: tools for trying CrawlCluster and for tests on one machine.</summary>
internal static class DevCommands
{
    /// <summary><c>crawlcluster dev kafka-mock [--brokers N] [--topic T]... [--bootstrap-file FILE]</c>.</summary>
    public static Command KafkaMock()
    {
        var brokers = new Option<int>("--brokers") { Description = "Number of mock brokers", DefaultValueFactory = _ => 1 };
        var topics = new Option<string[]>("--topic")
        {
            Description = "Create this topic (repeatable; default: demo.incoming, demo.crawled_firehose, demo.outbound_firehose)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var bootstrapFile = new Option<string?>("--bootstrap-file") { Description = "Also write the bootstrap address to this file", HelpName = "FILE" };
        var command = new Command("kafka-mock", CommandCatalog.Get("dev kafka-mock").Summary) { brokers, topics, bootstrapFile };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var cluster = KafkaMockCluster.Start(parseResult.GetValue(brokers));
            var names = parseResult.GetValue(topics) is { Length: > 0 } given
                ? given
                : [TopicNames.DefaultIncoming, "demo.crawled_firehose", "demo.outbound_firehose"];
            cluster.CreateTopics(names);
            var error = parseResult.InvocationConfiguration.Error;
            await error.WriteLineAsync("WARNING: librdkafka's mock cluster is NOT DURABLE: it keeps about 5 MiB per partition, drops older data silently, and everything is gone when this process stops. For tests and trials only.").ConfigureAwait(false);
            await error.WriteLineAsync($"Topics: {string.Join(", ", names)}. Stop with Ctrl-C.").ConfigureAwait(false);
            if (parseResult.GetValue(bootstrapFile) is { } file)
            {
                await File.WriteAllTextAsync(file, cluster.BootstrapServers + "\n", CancellationToken.None).ConfigureAwait(false);
            }

            // The first line of standard output is the address, for scripts: KAFKA_HOSTS=$(... | head -1).
            await parseResult.InvocationConfiguration.Output.WriteLineAsync(cluster.BootstrapServers).ConfigureAwait(false);
            await parseResult.InvocationConfiguration.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            using var shutdown = new ShutdownSignal(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
