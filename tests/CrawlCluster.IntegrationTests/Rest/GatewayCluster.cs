using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CrawlCluster.TestSupport;

namespace CrawlCluster.IntegrationTests.Rest;

/// <summary>
/// The built executables on Redis Streams — <c>kafka-monitor run</c>, <c>redis-monitor</c> and one or more
/// <c>rest</c> gateways on free loopback ports — so a test talks HTTP to the cluster as an application would.
/// </summary>
internal sealed class GatewayCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly List<RunningProcess> _processes = [];

    private GatewayCluster(RedisServer redis) => Redis = redis;

    public RedisServer Redis { get; }

    public List<Gateway> Gateways { get; } = [];

    public Dictionary<string, string> Environment => new()
    {
        ["QUEUE_PLATFORM"] = "redis",
        ["REDIS_HOST"] = "127.0.0.1",
        ["REDIS_PORT"] = Redis.Port.ToString(CultureInfo.InvariantCulture),
        ["SCHEDULER_IP_ENABLED"] = "false",
        ["REST_RATE_LIMIT"] = "0",
    };

    /// <summary>Starts the monitors (unless <paramref name="monitors"/> is false) and <paramref name="gateways"/> gateways with <paramref name="settings"/>.</summary>
    public static async Task<GatewayCluster> StartAsync(RedisServer redis, int gateways = 1, IReadOnlyDictionary<string, string>? settings = null, bool monitors = true)
    {
        var cluster = new GatewayCluster(redis);
        if (monitors)
        {
            var kafkaMonitor = cluster.Start("kafka-monitor", "run");
            var redisMonitor = cluster.Start("redis-monitor");
            await kafkaMonitor.WaitForLineAsync("Kafka Monitor reading", Patience);
            await redisMonitor.WaitForLineAsync("Redis Monitor started", Patience);
        }

        for (var i = 0; i < gateways; i++)
        {
            await cluster.AddGatewayAsync(settings);
        }

        return cluster;
    }

    public async Task<Gateway> AddGatewayAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort.Next();
        var environment = Environment;
        environment["FLASK_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var process = RunningProcess.StartCrawlCluster(environment, "rest");
        _processes.Add(process);
        await process.WaitForLineAsync("Rest gateway listening on", Patience);
        var gateway = new Gateway(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Patience });
        Gateways.Add(gateway);
        return gateway;
    }

    public RunningProcess Start(params string[] args)
    {
        var process = RunningProcess.StartCrawlCluster(Environment, args);
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in Gateways)
        {
            gateway.Http.Dispose();
        }

        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    /// <summary>One gateway process and a client for it.</summary>
    internal sealed record Gateway(RunningProcess Process, HttpClient Http)
    {
        public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(string path, string json, string contentType = "application/json") =>
            SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue(contentType)) });

        public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostBytesAsync(string path, byte[] body) =>
            SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } } });

        public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

        public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request)
        {
            var response = await Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            JsonNode? body = null;
            try
            {
                body = text.Length > 0 ? JsonNode.Parse(text) : null;
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON (e.g. /health's text): the test reads the response itself.
            }

            return ((int)response.StatusCode, body, response);
        }
    }
}
