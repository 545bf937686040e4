using System.Text;
using System.Text.Json.Nodes;
using CrawlCluster.Cli.Crawling;
using CrawlCluster.Core.Bus;
using CrawlCluster.Core.Frontier;
using CrawlCluster.Messaging.Codecs;
using CrawlCluster.Messaging.Memory;

namespace CrawlCluster.Cli.Tests.Crawling;

public sealed class CrawlStatusQueryTests
{
    private static readonly CrawlIdentity Crawl = new("crawlcluster", "c1");

    [Fact]
    public async Task Ask_PostsAStatusAction_AndReturnsItsAnswer_SkippingOtherMessagesOnTheTopic()
    {
        await using var bus = new MemoryMessageBus(JsonCodec.Instance);
        await using var incoming = await bus.SubscribeAsync(new ConsumerSettings(["demo.incoming"], Group: "monitor"), CancellationToken.None);
        await incoming.WaitUntilReadyAsync(CancellationToken.None);
        var monitor = AnswerAsync(bus, incoming, request => new JsonObject
        {
            ["action"] = "status", ["uuid"] = request["uuid"]!.GetValue<string>(), ["appid"] = "crawlcluster", ["crawlid"] = "c1",
            ["pending"] = 0, ["in_flight"] = 0, ["done"] = 7, ["failed"] = 2, ["retried"] = 3, ["finished"] = false,
        });

        var answer = await CrawlStatusQuery.AskAsync(bus, "demo.incoming", "demo.outbound_firehose", "link", Crawl, TimeSpan.FromSeconds(30), CancellationToken.None);

        var request = await monitor;
        Assert.Equal(("status", "crawlcluster", "c1", "link"), (Text(request, "action"), Text(request, "appid"), Text(request, "crawlid"), Text(request, "spiderid")));
        Assert.NotNull(answer);
        Assert.Equal(new CrawlCounts(0, 0, 7, 2), answer.Counts);
        Assert.Equal(3, answer.Retried);
    }

    [Fact]
    public async Task Ask_ReturnsNull_WhenNothingAnswersInTime()
    {
        await using var bus = new MemoryMessageBus(JsonCodec.Instance);

        var answer = await CrawlStatusQuery.AskAsync(bus, "demo.incoming", "demo.outbound_firehose", "link", Crawl, TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.Null(answer);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"action":"status","uuid":"other","done":1}""")]
    [InlineData("""{"action":"info","uuid":"mine","done":1}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"action":"status","uuid":"mine","done":"many"}""")]
    public void Parse_IgnoresMessagesThatAreNotThisStatusAnswer(string json) =>
        Assert.Null(CrawlStatusQuery.Parse(Encoding.UTF8.GetBytes(json), "mine"));

    [Fact]
    public void Parse_KeepsTheMonitorsError()
    {
        var answer = CrawlStatusQuery.Parse("""{"action":"status","uuid":"mine","error":"store unreachable"}"""u8, "mine");

        Assert.Equal((null, "store unreachable"), (answer?.Counts, answer?.Error));
    }

    private static string Text(JsonObject request, string name) => request[name]!.GetValue<string>();

    /// <summary>Reads the first request, publishes noise and another crawl's answer, then the answer to it.</summary>
    private static async Task<JsonObject> AnswerAsync(IMessageBus bus, IBusConsumer incoming, Func<JsonObject, JsonObject> answer)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var message in incoming.ReadAsync(patience.Token))
        {
            var request = JsonNode.Parse(message.Value.Span)!.AsObject();
            await bus.ProduceAsync("demo.outbound_firehose", BusMessage.FromJson("{not json"), patience.Token);
            await bus.ProduceAsync("demo.outbound_firehose", BusMessage.FromJson("""{"action":"status","uuid":"someone-else","done":99}"""), patience.Token);
            await bus.ProduceAsync("demo.outbound_firehose", BusMessage.FromJson(answer(request).ToJsonString()), patience.Token);
            return request;
        }

        throw new InvalidOperationException("no request arrived");
    }
}
