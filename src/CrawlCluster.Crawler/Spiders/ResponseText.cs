using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace CrawlCluster.Crawler.Spiders;

/// <summary>
/// Turns a response body into text the way browsers pick an encoding: a byte-order mark, then the Content-Type
/// charset, then a <c>&lt;meta charset&gt;</c> in the first kilobytes, else UTF-8. Total: an unknown charset falls
/// back to UTF-8 and invalid bytes become U+FFFD, so a wrong or missing encoding never stops a page.
/// </summary>
internal static partial class ResponseText
{
    private const int MetaScanBytes = 4096;

    // UTF-8 (most pages) decodes invalid bytes to U+FFFD as it is; other encodings get a lenient copy each.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    // Content-Type values repeat from page to page: their encodings are looked up once (a bounded cache).
    private static readonly ConcurrentDictionary<string, Encoding?> ContentTypes = new(StringComparer.Ordinal);

    static ResponseText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The body as text, and the name of the encoding used.</summary>
    public static (string Text, string Encoding) Decode(ReadOnlySpan<byte> body, string? contentType)
    {
        var encoding = FromBom(body, out var bomLength)
            ?? FromContentType(contentType)
            ?? Named(MetaCharset().Match(Encoding.ASCII.GetString(body[..Math.Min(body.Length, MetaScanBytes)])) is { Success: true } meta ? meta.Groups[1].Value : null)
            ?? Utf8;
        return (Lenient(encoding).GetString(body[bomLength..]), encoding.WebName);
    }

    private static Encoding? FromContentType(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }

        if (ContentTypes.TryGetValue(contentType, out var known))
        {
            return known;
        }

        var found = Named(CharsetInContentType().Match(contentType) is { Success: true } header ? header.Groups[1].Value : null);
        if (ContentTypes.Count < 256)
        {
            ContentTypes.TryAdd(contentType, found);
        }

        return found;
    }

    private static Encoding Lenient(Encoding encoding)
    {
        if (encoding.CodePage == Utf8.CodePage)
        {
            return Utf8;
        }

        var lenient = (Encoding)encoding.Clone();
        lenient.DecoderFallback = new DecoderReplacementFallback("\uFFFD");
        return lenient;
    }

    private static Encoding? FromBom(ReadOnlySpan<byte> body, out int length)
    {
        (length, var encoding) = body switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (3, (Encoding)Utf8),
            [0xFF, 0xFE, ..] => (2, Encoding.Unicode),
            [0xFE, 0xFF, ..] => (2, Encoding.BigEndianUnicode),
            _ => (0, null!),
        };
        return encoding;
    }

    private static Encoding? Named(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        try
        {
            return Encoding.GetEncoding(name.Trim().Trim('"', '\''));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"charset\s*=\s*[""']?([A-Za-z0-9_.:\-]+)", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex CharsetInContentType();

    [GeneratedRegex(@"<meta[^>]{0,200}?charset\s*=\s*[""']?([A-Za-z0-9_.:\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
