using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using CrawlCluster.Core.Bus;
using CrawlCluster.IntegrationTests.Rest;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Redis;
using CrawlCluster.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrawlCluster.IntegrationTests.Faults;

/// <summary>
/// 100,000 generated inputs (<see cref="HostileInputs"/>: valid requests and every kind of bad one) into the incoming
/// topic and through the gateway's endpoints, against built executables: every process stays up, every valid request
/// is handled and every invalid one counted and answered, never with a 5xx, and memory stays bounded.
/// </summary>
[Collection("faults")]
[Trait("Kind", "Fault")]
public sealed class HostileInputTests : IAsyncLifetime
{
    private const int Inputs = 100_000;
    private const double MemoryBoundMiB = 400;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task IncomingTopic_EveryValidInputHandled_EveryInvalidOneCounted_TheMonitorStaysUpInBoundedMemory()
    {
        var inputs = HostileInputs.Generate(Inputs, seed: 17, hugeEvery: 10_000).ToList();
        var metricsPort = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = "redis",
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = _redis.Port.ToString(CultureInfo.InvariantCulture),
            // Each refusal is a warning line; errors only, so that an unexpected one stands out.
            ["LOG_LEVEL"] = "ERROR",
        };
        await using var monitor = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run", "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture));
        // Its startup line is below ERROR: it reads once its consumer group is on the incoming stream.
        var deadline = DateTime.UtcNow + Patience;
        while (!await _redis.Connection.GetDatabase().KeyExistsAsync(RedisStreamKeys.Stream("demo.incoming"))
            || (await _redis.Connection.GetDatabase().StreamGroupInfoAsync(RedisStreamKeys.Stream("demo.incoming"))).Length == 0)
        {
            Assert.False(monitor.HasExited, "the Kafka Monitor exited:\n" + monitor.AllText);
            Assert.True(DateTime.UtcNow < deadline, "the Kafka Monitor never joined the incoming stream");
            await Task.Delay(50);
        }

        await using (var bus = new RedisStreamsMessageBus(_redis.Connection, JsonCodec.Instance, 1_000_000, TimeSpan.FromHours(1), NullLogger.Instance))
        {
            foreach (var batch in inputs.Chunk(1_000))
            {
                await Task.WhenAll(batch.Select(input => bus.ProduceAsync("demo.incoming", new BusMessage(input.Body), CancellationToken.None).AsTask()));
            }
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        deadline = DateTime.UtcNow + Patience;
        IReadOnlyList<PrometheusText.Sample> samples;
        while (true)
        {
            samples = PrometheusText.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics")));
            if (PrometheusText.Sum(samples, "crawlcluster_ingest_requests_total") >= Inputs)
            {
                break;
            }

            Assert.False(monitor.HasExited, "the Kafka Monitor exited:\n" + monitor.AllText);
            Assert.True(DateTime.UtcNow < deadline, $"{PrometheusText.Sum(samples, "crawlcluster_ingest_requests_total")} of {Inputs} inputs read in {Patience}");
            await Task.Delay(200);
        }

        Assert.Equal(inputs.Count(i => i.Valid), PrometheusText.Sum(samples, "crawlcluster_ingest_requests_total", ("result", "handled")));
        Assert.Equal(inputs.Count(i => !i.Valid), PrometheusText.Sum(samples, "crawlcluster_ingest_requests_total", ("result", "rejected")));
        Assert.False(monitor.HasExited);
        Assert.DoesNotContain(monitor.Error.Concat(monitor.Output), l => l.Contains("ERROR", StringComparison.Ordinal) || l.Contains("Unhandled", StringComparison.Ordinal));
        Assert.InRange(monitor.PeakRssMiB, 1, MemoryBoundMiB);
    }

    [Fact]
    public async Task NewlinesInARequest_CannotForgeALogLine()
    {
        var environment = new Dictionary<string, string>
        {
            ["QUEUE_PLATFORM"] = "redis",
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = _redis.Port.ToString(CultureInfo.InvariantCulture),
            // JSON lines carry the refused request's content (the plain format leaves it out).
            ["LOG_JSON"] = "true",
        };
        await using var monitor = RunningProcess.StartCrawlCluster(environment, "kafka-monitor", "run");
        await monitor.WaitForLineAsync("Kafka Monitor reading", Patience);
        const string Forged = "2026-12-02 00:00:00,000 [kafka-monitor] CRITICAL: FORGED";

        await using (var bus = new RedisStreamsMessageBus(_redis.Connection, JsonCodec.Instance, 1_000_000, TimeSpan.FromHours(1), NullLogger.Instance))
        {
            // Refused (maxdepth), so its content is logged; and not JSON at all, so its raw text is.
            await bus.ProduceAsync("demo.incoming", BusMessage.FromJson($$"""{"url": "http://a.test/\n{{Forged}}", "appid": "app\r\n{{Forged}}", "crawlid": "c1", "maxdepth": 9}"""), CancellationToken.None);
            await bus.ProduceAsync("demo.incoming", BusMessage.FromJson("not json\n" + Forged + "\n"), CancellationToken.None);
        }

        // Both refusals are logged with the content, each on one line: the forged text is inside them, never a line of its own.
        await monitor.WaitForLinesAsync("FORGED", 2, Patience);
        var lines = monitor.Output.Concat(monitor.Error).ToList();
        Assert.DoesNotContain(lines, line => line.StartsWith(Forged, StringComparison.Ordinal) || line.StartsWith("{\"url\"", StringComparison.Ordinal));
        Assert.All(lines.Where(l => l.Contains("FORGED", StringComparison.Ordinal)), line => Assert.StartsWith("{", line, StringComparison.Ordinal));
        Assert.False(monitor.HasExited);
    }

    [Fact]
    public async Task Gateway_EveryEndpointAnswersEveryInputWithTheEnvelope_NeverA5xx_AndStaysUpInBoundedMemory()
    {
        await using var cluster = await GatewayCluster.StartAsync(_redis, settings: new Dictionary<string, string> { ["WAIT_FOR_RESPONSE_TIME"] = "1" });
        var gateway = cluster.Gateways[0];
        var inputs = HostileInputs.Generate(Inputs, seed: 29, hugeEvery: 10_000).ToList();
        var statuses = new ConcurrentDictionary<string, int>();
        var feedMismatches = new ConcurrentQueue<string>();
        var notEnvelopes = new ConcurrentQueue<string>();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = gateway.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        await Parallel.ForEachAsync(Enumerable.Range(0, inputs.Count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, token) =>
        {
            var input = inputs[i];
            var (method, path) = (i % 6) switch
            {
                0 or 1 or 2 => (HttpMethod.Post, "/feed"),
                3 => (HttpMethod.Post, "/api/v1/topics/fuzz.topic/messages"),
                4 => (HttpMethod.Put, $"/api/v1/domains/d{i % 100}.test"),
                _ => (HttpMethod.Post, "/poll"),
            };
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(input.Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            // A body over the limit is refused before it is sent, not cut off mid-upload.
            request.Headers.ExpectContinue = input.Body.Length > 64 * 1024;
            using var response = await http.SendAsync(request, token);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate($"{path.Split('/')[1]} {status}", 1, (_, n) => n + 1);
            var text = await response.Content.ReadAsStringAsync(token);
            if (!IsEnvelope(text))
            {
                notEnvelopes.Enqueue($"{method} {path} {status} ({input.Kind}): {text[..Math.Min(200, text.Length)]}");
            }

            if (path == "/feed" && (input.Valid ? status != 200 : status is not (400 or 413)))
            {
                feedMismatches.Enqueue($"{input.Kind} → {status}: {text[..Math.Min(200, text.Length)]}");
            }
        });

        var summary = string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value}"));
        Assert.DoesNotContain(statuses.Keys, k => k[^3] == '5');
        Assert.Empty(feedMismatches.Take(10));
        Assert.Empty(notEnvelopes.Take(10));
        Assert.Equal(Inputs, statuses.Values.Sum());
        Assert.False(gateway.Process.HasExited, summary);
        Assert.Equal(200, (await gateway.GetAsync("/")).Status);
        Assert.InRange(gateway.Process.PeakRssMiB, 1, MemoryBoundMiB);
    }

    private static bool IsEnvelope(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("status", out var status) && status.GetString() is "SUCCESS" or "FAILURE";
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
