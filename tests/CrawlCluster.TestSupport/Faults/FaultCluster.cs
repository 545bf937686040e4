using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Kafka;
using CrawlCluster.Messaging.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrawlCluster.TestSupport.Faults;

/// <summary>
/// A whole cluster of built executables — a Kafka Monitor, two crawlers, a Redis Monitor, the Rest gateway and a sink
/// into PostgreSQL — on Redis Streams or the Kafka mock, with redis-server and PostgreSQL each behind a
/// <see cref="TcpProxy"/>, crawling a <see cref="FaultSite"/>. The suite reads the crawled pages and the answers from
/// the bus as an application would.
/// </summary>
public sealed class FaultCluster : IAsyncDisposable
{
    /// <summary>The appid of every request the suite sends.</summary>
    public const string AppId = "faults";

    /// <summary>DOWNLOAD_TIMEOUT of the crawlers; a lease lasts 4 × this + 10 s.</summary>
    public const int DownloadTimeoutSeconds = 2;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly KafkaMockCluster? _kafka;
    private readonly ServiceProvider _ports;

    private FaultCluster(string platform, RedisServer redis, PostgresServer postgres, string database, FaultSite site, KafkaMockCluster? kafka)
    {
        Platform = platform;
        Redis = redis;
        Postgres = postgres;
        Database = database;
        Site = site;
        _kafka = kafka;
        RedisProxy = TcpProxy.Start(redis.Port);
        PostgresProxy = TcpProxy.Start(postgres.Port);
        RestPort = FreePort.Next();
        _ports = StorePorts.For(redis.Connection);
        Bus = platform == "kafka"
            ? new KafkaMessageBus(new Core.Bus.BusOptions
            {
                Platform = "kafka",
                KafkaHosts = [kafka!.BootstrapServers],
                SessionTimeoutMs = 6000,
                HeartbeatIntervalMs = 2000,
                CommitIntervalMs = 200,
            }, JsonCodec.Instance, NullLogger.Instance)
            : new RedisStreamsMessageBus(redis.Connection, JsonCodec.Instance, 1_000_000, TimeSpan.FromSeconds(3), NullLogger.Instance);

        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = platform,
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = RedisProxy.Port.ToString(CultureInfo.InvariantCulture),
            ["QUEUE_HITS"] = "1000000",
            ["QUEUE_MODERATED"] = "false",
            ["SCHEDULER_IP_ENABLED"] = "false",
            ["CONCURRENT_REQUESTS_PER_DOMAIN"] = "16",
            ["DOWNLOAD_TIMEOUT"] = DownloadTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["CRAWL_COMPLETE_QUIET"] = "2",
            ["REDIS_STREAMS_CLAIM_IDLE_MS"] = "3000",
            ["SINK_DATABASE_URL"] = $"postgresql://crawl@127.0.0.1:{PostgresProxy.Port}/{database}",
            ["FLASK_PORT"] = RestPort.ToString(CultureInfo.InvariantCulture),
        };
        if (kafka is not null)
        {
            environment["KAFKA_HOSTS"] = kafka.BootstrapServers;
            environment["KAFKA_CONSUMER_SESSION_TIMEOUT_MS"] = "6000";
            environment["KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS"] = "2000";
        }

        KafkaMonitor = new ClusterProcess("kafka-monitor", environment, "Kafka Monitor reading", "kafka-monitor", "run");
        Crawlers = [.. Enumerable.Range(1, 2).Select(n => new ClusterProcess($"crawler-{n}", environment, "Crawler link started", "crawler", "--concurrency", "16"))];
        RedisMonitor = new ClusterProcess("redis-monitor", environment, "Redis Monitor started", "redis-monitor");
        Rest = new ClusterProcess("rest", environment, "Rest gateway listening", "rest");
        Sink = new ClusterProcess("sink", environment, "Sink started", "sink");
        Processes = [KafkaMonitor, .. Crawlers, RedisMonitor, Rest, Sink];
    }

    public string Platform { get; }

    public RedisServer Redis { get; }

    public PostgresServer Postgres { get; }

    public string Database { get; }

    public FaultSite Site { get; }

    /// <summary>What every process reaches Redis through.</summary>
    public TcpProxy RedisProxy { get; }

    /// <summary>What the sink reaches PostgreSQL through.</summary>
    public TcpProxy PostgresProxy { get; }

    public int RestPort { get; }

    /// <summary>The suite's own bus client (reading pages and answers, feeding requests), not behind the proxy.</summary>
    public IMessageBus Bus { get; }

    public ClusterProcess KafkaMonitor { get; }

    public IReadOnlyList<ClusterProcess> Crawlers { get; }

    public ClusterProcess RedisMonitor { get; }

    public ClusterProcess Rest { get; }

    public ClusterProcess Sink { get; }

    public IReadOnlyList<ClusterProcess> Processes { get; }

    /// <summary>The crawled pages as they arrive on <c>demo.crawled_firehose</c>.</summary>
    public TopicLog Pages { get; private set; } = null!;

    /// <summary>The answers and notices on <c>demo.outbound_firehose</c>.</summary>
    public TopicLog Outbound { get; private set; } = null!;

    /// <summary>Starts redis-server (with AOF when <paramref name="appendFsync"/> is set), the proxies, the bus and every process.</summary>
    public static async Task<FaultCluster> StartAsync(string platform, string? appendFsync, PostgresServer postgres, string database, FaultSite site)
    {
        var redis = await RedisServer.StartAsync(appendFsync).ConfigureAwait(false);
        var kafka = platform == "kafka" ? KafkaMockCluster.Start() : null;
        var cluster = new FaultCluster(platform, redis, postgres, database, site, kafka);
        try
        {
            await postgres.CreateDatabaseAsync(database).ConfigureAwait(false);
            foreach (var topic in new[] { "demo.incoming", "demo.crawled_firehose", "demo.outbound_firehose" })
            {
                await cluster.Bus.EnsureTopicAsync(topic, CancellationToken.None).ConfigureAwait(false);
            }

            cluster.Pages = TopicLog.Start(cluster.Bus, "demo.crawled_firehose");
            cluster.Outbound = TopicLog.Start(cluster.Bus, "demo.outbound_firehose");
            await Task.WhenAll(cluster.Processes.Select(p => p.StartAsync(Patience))).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Submits a crawl of the whole site through the gateway's <c>/feed</c>, as an application would.</summary>
    public async Task FeedCrawlAsync(string crawlId)
    {
        var request = new JsonObject { ["url"] = Site.Front.AbsoluteUri, ["appid"] = AppId, ["crawlid"] = crawlId, ["maxdepth"] = 3 };
        using var response = await _http.PostAsJsonAsync(new Uri($"http://127.0.0.1:{RestPort}/feed"), request).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the gateway refused the crawl: {(int)response.StatusCode} {body}");
        }
    }

    /// <summary>Asks the gateway for a crawl's status (an answer the Redis Monitor gives through the bus).</summary>
    public async Task<JsonNode?> StatusAsync(string crawlId)
    {
        var request = new JsonObject { ["action"] = "status", ["appid"] = AppId, ["crawlid"] = crawlId, ["spiderid"] = "link", ["uuid"] = Guid.NewGuid().ToString() };
        using var response = await _http.PostAsJsonAsync(new Uri($"http://127.0.0.1:{RestPort}/feed"), request).ConfigureAwait(false);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    /// <summary>Puts one request per page (depth 0) on the incoming topic, in <paramref name="pages"/>.</summary>
    public async Task FeedEachPageAsync(string crawlId, IEnumerable<int> pages)
    {
        foreach (var chunk in pages.Chunk(500))
        {
            await Task.WhenAll(chunk.Select(page => Bus.ProduceAsync("demo.incoming", BusMessage.FromJson(
                $$"""{"url": "{{Site.Url(page).AbsoluteUri}}", "appid": "{{AppId}}", "crawlid": "{{crawlId}}", "maxdepth": 0}"""), CancellationToken.None).AsTask()))
                .ConfigureAwait(false);
        }
    }

    /// <summary>The crawl's counters in the store (read directly, not through the proxy).</summary>
    public Task<CrawlStatus> CrawlStatusAsync(string crawlId) =>
        _ports.GetRequiredService<ICrawlLedger>().StatusAsync("link", new CrawlIdentity(AppId, crawlId), CancellationToken.None);

    /// <summary>Rows of the crawl in the sink's table, and distinct URLs among them; (0, 0) while the database cannot say.</summary>
    public async Task<(long Rows, long Distinct)> DatabaseRowsAsync(string crawlId)
    {
        try
        {
            var answer = await Postgres.QueryAsync(Database, $"SELECT count(*) || ' ' || count(DISTINCT url) FROM crawled_pages WHERE crawlid = '{crawlId}'")
                .ConfigureAwait(false);
            var parts = answer.Trim().Split(' ');
            return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (InvalidOperationException)
        {
            return (0, 0);
        }
    }

    /// <summary>The pages the crawlers gave up on (their "Not crawled" lines, every run of every crawler).</summary>
    public IReadOnlySet<int> GivenUp()
    {
        const string Marker = "Not crawled: ";
        var pages = new HashSet<int>();
        foreach (var line in Crawlers.SelectMany(c => c.Lines))
        {
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            var end = at < 0 ? -1 : line.IndexOf(": ", at + Marker.Length, StringComparison.Ordinal);
            if (end > 0 && FaultSite.PageOf(line[(at + Marker.Length)..end]) is { } page)
            {
                pages.Add(page);
            }
        }

        return pages;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Processes)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        if (Pages is not null)
        {
            await Pages.DisposeAsync().ConfigureAwait(false);
            await Outbound.DisposeAsync().ConfigureAwait(false);
        }

        await Bus.DisposeAsync().ConfigureAwait(false);
        await RedisProxy.DisposeAsync().ConfigureAwait(false);
        await PostgresProxy.DisposeAsync().ConfigureAwait(false);
        await _ports.DisposeAsync().ConfigureAwait(false);
        await Redis.DisposeAsync().ConfigureAwait(false);
        _kafka?.Dispose();
        _http.Dispose();
    }
}
