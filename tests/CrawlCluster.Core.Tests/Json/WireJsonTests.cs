using System.Text.Json.Nodes;
using CrawlCluster.Core.Json;

namespace CrawlCluster.Core.Tests.Json;

[Trait("Kind", "Unit")]
public sealed class WireJsonTests
{
    [Fact]
    public void Ujson_EscapesSlashes_Compact()
    {
        var node = JsonNode.Parse("""{"url":"http://a.com/b","n":[1,2]}""");

        Assert.Equal("""{"url":"http:\/\/a.com\/b","n":[1,2]}""", WireJson.Serialize(node, WireJsonStyle.Ujson));
    }

    [Fact]
    public void Python_SpacedSeparators_SlashesKept()
    {
        var node = JsonNode.Parse("""{"url":"http://a.com/b","n":[1,2]}""");

        Assert.Equal("""{"url": "http://a.com/b", "n": [1, 2]}""", WireJson.Serialize(node, WireJsonStyle.Python));
    }

    [Theory]
    [InlineData(nameof(WireJsonStyle.Ujson))]
    [InlineData(nameof(WireJsonStyle.Python))]
    public void BothStyles_EscapeNonAsciiAndControlCharacters(string styleName)
    {
        var style = Enum.Parse<WireJsonStyle>(styleName);
        var node = JsonValue.Create("é\u00a0😀\n\t\"\\\u0001\u007f");

        Assert.Equal("\"\\u00e9\\u00a0\\ud83d\\ude00\\n\\t\\\"\\\\\\u0001\u007f\"", WireJson.Serialize(node, style));
    }

    [Fact]
    public void SortKeys_OrdersOrdinally_AtEveryDepth()
    {
        var node = JsonNode.Parse("""{"b":1,"a":{"z":1,"Z":2},"_":0}""");

        Assert.Equal("""{"_":0,"a":{"Z":2,"z":1},"b":1}""", WireJson.Serialize(node, WireJsonStyle.Ujson, sortKeys: true));
    }

    [Fact]
    public void Python_Indent_MatchesJsonDumpsIndent4()
    {
        var node = JsonNode.Parse("""{"url":"http://istresearch.com","crawlid":"abc123","list":[1],"empty":{}}""");

        Assert.Equal("{\n    \"url\": \"http://istresearch.com\",\n    \"crawlid\": \"abc123\",\n    \"list\": [\n        1\n    ],\n    \"empty\": {}\n}",
            WireJson.Serialize(node, WireJsonStyle.Python, indent: 4));
    }

    [Fact]
    public void Numbers_ReceivedTextIsKept_CodeDoublesGetPointZero()
    {
        var node = new JsonObject { ["raw"] = JsonNode.Parse("1.50"), ["scale"] = 1.0, ["ratio"] = 0.9, ["n"] = 3 };

        Assert.Equal("""{"raw":1.50,"scale":1.0,"ratio":0.9,"n":3}""", WireJson.Serialize(node, WireJsonStyle.Ujson));
    }

    [Fact]
    public void Null_And_Booleans()
    {
        Assert.Equal("null", WireJson.Serialize((JsonNode?)null, WireJsonStyle.Ujson));
        Assert.Equal("""[true, false, null]""", WireJson.Serialize(JsonNode.Parse("[true,false,null]"), WireJsonStyle.Python));
    }
}
