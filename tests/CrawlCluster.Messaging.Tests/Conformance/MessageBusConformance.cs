using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;

namespace CrawlCluster.Messaging.Tests.Conformance;

/// <summary>
/// The behaviour every bus platform must show (DESIGN.md §5). One sealed subclass per platform runs it.
/// </summary>
public abstract class MessageBusConformance<TFixture>(TFixture fixture) : IAsyncLifetime
    where TFixture : IBusFixture
{
    private readonly IMessageBus _bus = fixture.CreateBus();
    private readonly List<IBusConsumer> _consumers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var consumer in _consumers)
        {
            await consumer.DisposeAsync();
        }

        await _bus.DisposeAsync();
    }

    [Fact]
    public async Task Produce_MessagesWithOneKey_AreConsumedInOrder()
    {
        var topic = NewTopic();
        for (var i = 0; i < 50; i++)
        {
            await _bus.ProduceAsync(topic, Json(i), CancellationToken.None);
        }

        var consumer = await SubscribeAsync(topic, "g1");
        var received = await ReadAsync(consumer, 50, commit: true);

        Assert.Equal(Enumerable.Range(0, 50), received.Select(Number));
    }

    [Fact]
    public async Task TwoConsumersOfOneGroup_ShareTheMessages_AndNoneIsHandledTwice()
    {
        var topic = NewTopic();
        await _bus.EnsureTopicAsync(topic, CancellationToken.None);
        var seen = new ConcurrentDictionary<int, int>();
        var perConsumer = new int[2];
        using var stop = new CancellationTokenSource(fixture.Patience);
        var first = await SubscribeAsync(topic, "shared");
        var firstLoop = Consume(first, 0);
        await first.WaitUntilReadyAsync(new CancellationTokenSource(fixture.Patience).Token);
        var second = await SubscribeAsync(topic, "shared");
        var secondLoop = Consume(second, 1);
        await second.WaitUntilReadyAsync(new CancellationTokenSource(fixture.Patience).Token);

        for (var i = 0; i < 200; i++)
        {
            await _bus.ProduceAsync(topic, Json(i, key: $"k{i}"), CancellationToken.None);
        }

        while (seen.Count < 200 && !stop.IsCancellationRequested)
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await Task.WhenAll(firstLoop, secondLoop);
        Assert.Equal(200, seen.Count);
        Assert.All(seen, pair => Assert.Equal(1, pair.Value));
        Assert.True(perConsumer[0] > 0 && perConsumer[1] > 0, $"one consumer got everything: {perConsumer[0]} / {perConsumer[1]}");

        async Task Consume(IBusConsumer consumer, int index)
        {
            try
            {
                await foreach (var message in consumer.ReadAsync(stop.Token))
                {
                    seen.AddOrUpdate(Number(message), 1, (_, count) => count + 1);
                    Interlocked.Increment(ref perConsumer[index]);
                    await consumer.CommitAsync(message, CancellationToken.None);

                    // Stands for the work of handling a message, so one consumer cannot drain a batch before the other reads.
                    await Task.Delay(2, CancellationToken.None);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    [Fact]
    public async Task UncommittedMessages_AreRedelivered_AfterTheConsumerIsDisposed()
    {
        var topic = NewTopic();
        for (var i = 0; i < 5; i++)
        {
            await _bus.ProduceAsync(topic, Json(i), CancellationToken.None);
        }

        var first = await SubscribeAsync(topic, "redeliver");
        Assert.Equal(Enumerable.Range(0, 5), (await ReadAsync(first, 5, commit: false)).Select(Number));
        await first.DisposeAsync();
        _consumers.Remove(first);

        var second = await SubscribeAsync(topic, "redeliver");
        Assert.Equal(Enumerable.Range(0, 5), (await ReadAsync(second, 5, commit: true)).Select(Number));
    }

    [Fact]
    public async Task CommittedPositions_SurviveAConsumerRestart()
    {
        var topic = NewTopic();
        for (var i = 0; i < 5; i++)
        {
            await _bus.ProduceAsync(topic, Json(i), CancellationToken.None);
        }

        var first = await SubscribeAsync(topic, "restart");
        await ReadAsync(first, 5, commit: true);
        await first.DisposeAsync();
        _consumers.Remove(first);
        for (var i = 5; i < 10; i++)
        {
            await _bus.ProduceAsync(topic, Json(i), CancellationToken.None);
        }

        var second = await SubscribeAsync(topic, "restart");
        Assert.Equal(Enumerable.Range(5, 5), (await ReadAsync(second, 5, commit: true)).Select(Number));
    }

    [Fact]
    public async Task StartPosition_LatestSkipsEarlierMessages_EarliestIncludesThem()
    {
        var topic = NewTopic();
        await _bus.ProduceAsync(topic, Json(1), CancellationToken.None);
        var latest = await SubscribeAsync(topic, "latest-group", StartPosition.Latest);
        var earliest = await SubscribeAsync(topic, "earliest-group", StartPosition.Earliest);
        await latest.WaitUntilReadyAsync(new CancellationTokenSource(fixture.Patience).Token);
        await earliest.WaitUntilReadyAsync(new CancellationTokenSource(fixture.Patience).Token);
        await _bus.ProduceAsync(topic, Json(2), CancellationToken.None);

        Assert.Equal([2], (await ReadAsync(latest, 1, commit: true)).Select(Number));
        Assert.Equal([1, 2], (await ReadAsync(earliest, 2, commit: true)).Select(Number));
    }

    [Fact]
    public async Task ReaderWithoutGroup_ReadsFromTheStart_WithoutCommitting()
    {
        var topic = NewTopic();
        for (var i = 0; i < 3; i++)
        {
            await _bus.ProduceAsync(topic, Json(i), CancellationToken.None);
        }

        var reader = await SubscribeAsync(topic, null);
        var again = await SubscribeAsync(topic, null);

        Assert.Equal([0, 1, 2], (await ReadAsync(reader, 3, commit: true)).Select(Number));
        Assert.Equal([0, 1, 2], (await ReadAsync(again, 3, commit: false)).Select(Number));
    }

    [Fact]
    public async Task ListTopics_ShowsAProducedTopic()
    {
        var topic = NewTopic();
        await _bus.ProduceAsync(topic, Json(1), CancellationToken.None);

        Assert.Contains(topic, await _bus.ListTopicsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task LargeMessage_OfFourMebibytes_ArrivesWhole()
    {
        var topic = NewTopic();
        var text = new StringBuilder();
        for (var i = 0; text.Length < 4 * 1024 * 1024; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p>paragraph {i} of a large page</p>");
        }

        var payload = new JsonObject { ["n"] = 7, ["body"] = text.ToString() }.ToJsonString();
        await _bus.ProduceAsync(topic, BusMessage.FromJson(payload, key: "k"), CancellationToken.None);

        var consumer = await SubscribeAsync(topic, "large");
        var message = Assert.Single(await ReadAsync(consumer, 1, commit: true));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(payload), JsonNode.Parse(message.Value.Span)));
    }

    [Fact]
    public async Task UndecodableBytes_ReachTheConsumerAsADecodeFailure_AndTheNextMessageStillArrives()
    {
        var topic = NewTopic();
        await fixture.ProduceRawAsync(_bus, topic, "k", [0xff, 0xfe, 0xc0, 0x00]);
        await _bus.ProduceAsync(topic, Json(9), CancellationToken.None);

        var consumer = await SubscribeAsync(topic, "undecodable");
        var messages = await ReadAsync(consumer, 2, commit: true);

        Assert.NotNull(messages[0].DecodeError);
        Assert.Null(messages[1].DecodeError);
        Assert.Equal(9, Number(messages[1]));
    }

    private static string NewTopic() => $"conformance.{Guid.NewGuid():N}";

    private static BusMessage Json(int n, string key = "k") => BusMessage.FromJson($$"""{"n":{{n}},"url":"http://example.com/{{n}}"}""", key);

    private static int Number(ConsumedMessage message) => JsonNode.Parse(message.Value.Span)!["n"]!.GetValue<int>();

    private async Task<IBusConsumer> SubscribeAsync(string topic, string? group, StartPosition start = StartPosition.Earliest)
    {
        var consumer = await _bus.SubscribeAsync(new ConsumerSettings([topic], group, start), CancellationToken.None);
        _consumers.Add(consumer);
        return consumer;
    }

    private async Task<List<ConsumedMessage>> ReadAsync(IBusConsumer consumer, int count, bool commit)
    {
        using var timeout = new CancellationTokenSource(fixture.Patience);
        var received = new List<ConsumedMessage>();
        await foreach (var message in consumer.ReadAsync(timeout.Token))
        {
            received.Add(message);
            if (commit)
            {
                await consumer.CommitAsync(message, CancellationToken.None);
            }

            if (received.Count == count)
            {
                return received;
            }
        }

        throw new TimeoutException($"received {received.Count} of {count} messages within {fixture.Patience.TotalSeconds} s");
    }
}
