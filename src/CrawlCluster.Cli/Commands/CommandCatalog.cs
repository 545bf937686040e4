namespace CrawlCluster.Cli.Commands;

/// <summary>Every subcommand of DESIGN.md §2 with its purpose and an example.</summary>
internal static class CommandCatalog
{
    /// <summary>The subcommands in the order help lists them.</summary>
    public static readonly IReadOnlyList<CommandInfo> All =
    [
        new("crawl", "Crawl from one command on an embedded cluster; exits when the crawl is finished",
            "URL [URL...] [--depth N] [--out FILE]", "crawlcluster crawl https://example.com --depth 1"),
        new("up", "Run a whole cluster with its Rest gateway in one process (embedded store and bus) until stopped",
            "[--crawlers N] [--concurrency N]", "crawlcluster up"),
        new("kafka-monitor run", "Read the incoming topic, validate requests and hand them to plugins (Kafka Monitor)",
            "[--metrics-port PORT]", "crawlcluster kafka-monitor run --set KAFKA_HOSTS=broker:9092"),
        new("kafka-monitor feed", "Put one JSON request on the incoming topic",
            "'<json>'", """crawlcluster kafka-monitor feed '{"url":"http://example.com","appid":"testapp","crawlid":"abc123"}'"""),
        new("crawler", "Run a crawler process; run many, on many machines",
            "[--spider NAME] [--concurrency N] [--metrics-port PORT]", "crawlcluster crawler --spider link"),
        new("redis-monitor", "Execute info, stop, expire, stats and config jobs (Redis Monitor)",
            "[--metrics-port PORT]", "crawlcluster redis-monitor --log-level DEBUG"),
        new("rest", "Serve the HTTP gateway: /, /feed, /poll, /health and /metrics on FLASK_PORT (5343)",
            "", "crawlcluster rest --set FLASK_PORT=8080"),
        new("sink", "Write crawled pages (and any topic) to PostgreSQL or SQLite in batches, each message once",
            "[--metrics-port PORT]", "crawlcluster sink --set SINK_DATABASE_URL=postgresql://crawl@127.0.0.1/crawl"),
        new("sink migrate", "Create or bring up to date the sink's tables, then exit",
            "", "crawlcluster sink migrate --set SINK_DATABASE_URL=sqlite:///crawl.db"),
        new("dump", "Print the messages of a topic (kafkadump); only new ones unless --from-beginning",
            "-t TOPIC [-p] [-b|--from-beginning] [-n MAX] [-g GROUP] [--no-body|--just-body] [-d]", "crawlcluster dump -t demo.crawled_firehose -p"),
        new("list", "List the topics on the bus", "", "crawlcluster list"),
        new("config push", "Push a domain configuration file (the original's YAML) to the cluster",
            "FILE.yml", "crawlcluster config push domains.yml"),
        new("config show", "Print the cluster's domain configuration", "", "crawlcluster config show"),
        new("dev kafka-mock", "Run librdkafka's mock Kafka cluster (not durable) and print its bootstrap address",
            "[--brokers N] [--topic T]... [--bootstrap-file FILE]", "KAFKA_HOSTS=$(crawlcluster dev kafka-mock | head -1)"),
        new("settings", "Print every setting's effective value and where it came from",
            "[--component NAME]", "crawlcluster settings --component crawler"),
    ];

    /// <summary>The entry for a path.</summary>
    public static CommandInfo Get(string path) => All.Single(c => c.Path == path);
}
