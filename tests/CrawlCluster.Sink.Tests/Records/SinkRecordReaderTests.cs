using System.Text;
using System.Text.Json.Nodes;
using CrawlCluster.Sink.Records;

namespace CrawlCluster.Sink.Tests.Records;

[Trait("Kind", "Unit")]
public sealed class SinkRecordReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("demo.crawled_firehose", true)]
    [InlineData("demo.crawled_testapp", true)]
    [InlineData("prod.outbound_firehose", false)]
    [InlineData("demo.events", false)]
    [InlineData("crawled_firehose", true)]
    public void CrawledTopics_CarryPages(string topic, bool pages) => Assert.Equal(pages, SinkRecordReader.CarriesPages(topic));

    [Fact]
    public void CrawledPage_BecomesTypedColumns()
    {
        var record = SinkRecordReader.Read(SinkMessages.Consumed(SinkMessages.Pages, SinkMessages.Page(3), "42", partition: 2), Now, out var dead);

        Assert.Null(dead);
        var page = Assert.IsType<Core.Sink.PageColumns>(record!.Page);
        Assert.Equal(("demo.crawled_firehose", 2, "42"), (record.Topic, record.Partition, record.Position));
        Assert.Equal(("crawl1", "testapp", "http://127.0.0.1/p3", 200), (page.CrawlId, page.AppId, page.Url, page.StatusCode));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 0, 0, 123, 456, TimeSpan.Zero), page.CrawledAt);
        Assert.Equal("<html><title>Page 3</title></html>", page.Body);
        Assert.Equal(3, JsonNode.Parse(page.Attrs!)!["n"]!.GetValue<int>());
        Assert.Equal("text/html", JsonNode.Parse(page.ResponseHeaders!)!["Content-Type"]![0]!.GetValue<string>());
        Assert.Contains("p4", page.Links, StringComparison.Ordinal);
    }

    [Fact]
    public void Base64Body_BecomesBytes()
    {
        var message = SinkMessages.Page(1);
        message["body"] = Convert.ToBase64String([0xff, 0x00, 0x41]);
        message["body_encoding"] = "base64";

        var page = SinkRecordReader.Read(SinkMessages.Consumed(SinkMessages.Pages, message, "1"), Now, out _)!.Page!;

        Assert.Null(page.Body);
        Assert.Equal(new byte[] { 0xff, 0x00, 0x41 }, page.BodyBytes);
    }

    [Theory]
    [InlineData("{\"url\": ", "invalid JSON")]
    [InlineData("[1, 2]", "not a crawled page: a JSON array")]
    [InlineData("{\"crawlid\": \"x\"}", "not a crawled page: no url")]
    [InlineData("{\"url\": \"\\ud800\"}", "invalid JSON")]
    public void UnusablePage_IsADeadLetterWithTheReason(string json, string reason)
    {
        var record = SinkRecordReader.Read(SinkMessages.Consumed(SinkMessages.Pages, Encoding.UTF8.GetBytes(json), "7"), Now, out var dead);

        Assert.Null(record);
        Assert.StartsWith(reason, dead!.Error, StringComparison.Ordinal);
        Assert.Equal(json, Encoding.UTF8.GetString(dead.Payload.Span));
        Assert.Equal("7", dead.Position);
    }

    [Fact]
    public void TooDeeplyNestedEvent_IsADeadLetter()
    {
        var json = new string('[', 200) + new string(']', 200);

        var record = SinkRecordReader.Read(SinkMessages.Consumed(SinkMessages.Events, Encoding.UTF8.GetBytes(json), "1"), Now, out var dead);

        Assert.Null(record);
        Assert.StartsWith("invalid JSON", dead!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void UndecodableMessage_IsADeadLetter()
    {
        var record = SinkRecordReader.Read(SinkMessages.Consumed(SinkMessages.Events, [0xc1], "1", decodeError: "not msgpack"), Now, out var dead);

        Assert.Null(record);
        Assert.Equal("undecodable message: not msgpack", dead!.Error);
    }

    [Fact]
    public void AnyJsonValue_OnAnotherTopic_IsAnEvent()
    {
        var record = SinkRecordReader.Read(SinkMessages.Consumed(SinkMessages.Events, Encoding.UTF8.GetBytes("[1, \"two\"]"), "5"), Now, out var dead);

        Assert.Null(dead);
        Assert.Null(record!.Page);
        Assert.Equal("[1, \"two\"]", record.Json);
    }
}
