using System.Text;
using CrawlCluster.Crawler.Spiders;

namespace CrawlCluster.Crawler.Tests.Spiders;

[Trait("Kind", "Unit")]
public sealed class ResponseTextTests
{
    static ResponseTextTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void ContentTypeCharset_IsUsed() =>
        Assert.Equal(("café", "iso-8859-1"), ResponseText.Decode(Encoding.Latin1.GetBytes("café"), "text/html; charset=ISO-8859-1"));

    [Fact]
    public void MetaCharset_IsUsed_WhenTheHeaderHasNone()
    {
        var body = Encoding.GetEncoding("windows-1252").GetBytes("<meta charset=\"windows-1252\"><p>€uro</p>");

        var (text, encoding) = ResponseText.Decode(body, "text/html");

        Assert.Contains("€uro", text, StringComparison.Ordinal);
        Assert.Equal("windows-1252", encoding);
    }

    [Fact]
    public void ByteOrderMark_WinsOverAWrongHeader() =>
        Assert.Equal(("été", "utf-8"), ResponseText.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("été")], "text/html; charset=iso-8859-1"));

    [Fact]
    public void UnknownCharsetAndInvalidBytes_FallBackToUtf8_WithReplacementCharacters()
    {
        var (text, encoding) = ResponseText.Decode([(byte)'o', (byte)'k', 0xFF, 0xFE, 0xC3], "text/html; charset=no-such-charset");

        Assert.Equal("ok\uFFFD\uFFFD\uFFFD", text);
        Assert.Equal("utf-8", encoding);
    }
}
