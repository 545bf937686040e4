using System.Text;
using System.Text.Json.Nodes;
using CrawlCluster.Core.Bus;
using CrawlCluster.Messaging.Codecs;

namespace CrawlCluster.Messaging.Tests.Codecs;

[Trait("Kind", "Unit")]
public sealed class CodecTests
{
    private const string Sample = """{"url":"http://a.com/é","appid":"app","n":3,"f":1.5,"ok":true,"none":null,"list":[1,"x"],"obj":{"k":"v"}}""";

    [Fact]
    public void Json_IsIdentity()
    {
        var wire = JsonCodec.Instance.Encode(Encoding.UTF8.GetBytes(Sample));

        Assert.Equal(Sample, Encoding.UTF8.GetString(wire));
        Assert.True(JsonCodec.Instance.TryDecode(wire, out var json, out var error));
        Assert.Null(error);
        Assert.Equal(Sample, Encoding.UTF8.GetString(json.Span));
    }

    [Fact]
    public void Json_InvalidUtf8_IsADecodeFailure()
    {
        Assert.False(JsonCodec.Instance.TryDecode(new byte[] { 0x7b, 0xff, 0x7d }, out _, out var error));
        Assert.Equal("the message is not valid UTF-8", error);
    }

    [Fact]
    public void MessagePack_RoundTripsJson_AndIsSmaller()
    {
        var wire = MessagePackCodec.Instance.Encode(Encoding.UTF8.GetBytes(Sample));

        Assert.True(MessagePackCodec.Instance.TryDecode(wire, out var json, out var error), error);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Sample), JsonNode.Parse(json.Span)));
        Assert.True(wire.Length < Encoding.UTF8.GetByteCount(Sample));
    }

    [Theory]
    [InlineData(new byte[] { 0xc1 })]
    [InlineData(new byte[] { 0xff, 0x00 })]
    [InlineData(new byte[] { 0x92, 0x01 })]
    [InlineData(new byte[0])]
    public void MessagePack_Garbage_IsADecodeFailure(byte[] wire)
    {
        Assert.False(MessagePackCodec.Instance.TryDecode(wire, out var json, out var error));
        Assert.StartsWith("the message is not MessagePack", error, StringComparison.Ordinal);
        Assert.Equal(wire, json.ToArray());
    }

    [Fact]
    public void MessagePack_NotJson_IsABusException() =>
        Assert.Throws<BusException>(() => MessagePackCodec.Instance.Encode(Encoding.UTF8.GetBytes("{not json")));

    [Theory]
    [InlineData("json", "json")]
    [InlineData("MSGPACK", "msgpack")]
    public void ByName_FindsTheCodec(string name, string expected) => Assert.Equal(expected, MessageCodecs.ByName(name).Name);
}
