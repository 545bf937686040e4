using System.Globalization;
using System.Text;

namespace CrawlCluster.Core.Dedup;

/// <summary>
/// w3lib 1.19's <c>canonicalize_url</c> (CONTRACT.md Part B §2.3): query arguments sorted (blank values kept, <c>+</c>
/// for spaces), path percent-encoding normalised to upper case, an empty path made <c>/</c>, the fragment dropped, the
/// host lowercased and IDNA-encoded, a trailing <c>:</c> on the host removed. Total: any text gives a result.
/// </summary>
internal static class UrlCanonicalizer
{
    // RFC 3986 reserved and unreserved characters plus '%', which w3lib leaves as they are in paths and queries.
    private const string PathSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~%;/?:@&=+$|,#!*'()";

    // urllib's quote_plus for query keys and values: only these stay as they are.
    private const string QuerySafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~";

    private static readonly System.Globalization.IdnMapping Idn = new();

    /// <summary>The canonical form of <paramref name="url"/>.</summary>
    public static string Canonicalize(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var (scheme, netloc, path, parameters, query) = Split(url.Trim());
        var canonicalPath = Quote(UnquotePath(Encoding.UTF8.GetBytes(path)), PathSafe);
        if (canonicalPath.Length == 0)
        {
            canonicalPath = "/";
        }

        var builder = new StringBuilder(url.Length + 8);
        if (scheme.Length > 0)
        {
            builder.Append(scheme).Append(':');
        }

        if (netloc.Length > 0 || scheme is "http" or "https" or "ftp" or "file")
        {
            builder.Append("//").Append(Host(netloc));
        }

        builder.Append(canonicalPath);
        if (parameters.Length > 0)
        {
            builder.Append(';').Append(Quote(Encoding.UTF8.GetBytes(parameters), PathSafe));
        }

        var canonicalQuery = SortQuery(query);
        if (canonicalQuery.Length > 0)
        {
            builder.Append('?').Append(canonicalQuery);
        }

        return builder.ToString();
    }

    // urlparse: scheme, netloc, path, params (after the last ';' of the last segment), query; the fragment is dropped.
    private static (string Scheme, string Netloc, string Path, string Params, string Query) Split(string url)
    {
        var rest = url;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }

        var scheme = "";
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && char.IsAsciiLetter(rest[0]) && rest[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            scheme = rest[..colon].ToLowerInvariant();
            rest = rest[(colon + 1)..];
        }

        var netloc = "";
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var end = rest.IndexOfAny(['/', '?'], 2);
            netloc = end < 0 ? rest[2..] : rest[2..end];
            rest = end < 0 ? "" : rest[end..];
        }

        var query = "";
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            query = rest[(question + 1)..];
            rest = rest[..question];
        }

        var parameters = "";
        var lastSlash = rest.LastIndexOf('/');
        var semicolon = rest.IndexOf(';', Math.Max(lastSlash, 0));
        if (semicolon >= 0)
        {
            parameters = rest[(semicolon + 1)..];
            rest = rest[..semicolon];
        }

        return (scheme, netloc, rest, parameters, query);
    }

    private static string Host(string netloc)
    {
        var at = netloc.LastIndexOf('@');
        var userInfo = at >= 0 ? netloc[..(at + 1)] : "";
        var hostPort = (at >= 0 ? netloc[(at + 1)..] : netloc).ToLowerInvariant().TrimEnd(':');
        var portStart = hostPort.StartsWith('[') ? hostPort.IndexOf(':', hostPort.IndexOf(']', StringComparison.Ordinal) + 1) : hostPort.IndexOf(':', StringComparison.Ordinal);
        var host = portStart >= 0 ? hostPort[..portStart] : hostPort;
        var port = portStart >= 0 ? hostPort[portStart..] : "";
        if (host.Any(c => c > 0x7F))
        {
            try
            {
                host = Idn.GetAscii(host);
            }
            catch (ArgumentException)
            {
                // Not a valid international name: keep it, percent-encoded, as w3lib falls back to.
                host = Quote(Encoding.UTF8.GetBytes(host), PathSafe);
            }
        }

        return userInfo.ToLowerInvariant() + host + port;
    }

    // w3lib _unquotepath: keep %2F and %3F encoded (they are not path separators), decode everything else.
    private static byte[] UnquotePath(byte[] path)
    {
        var output = new List<byte>(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '%' && i + 2 < path.Length && IsHex(path[i + 1]) && IsHex(path[i + 2]))
            {
                var value = (byte)((HexValue(path[i + 1]) << 4) | HexValue(path[i + 2]));
                if (value is (byte)'/' or (byte)'?')
                {
                    output.Add((byte)'%');
                    output.Add((byte)char.ToUpperInvariant((char)path[i + 1]));
                    output.Add((byte)char.ToUpperInvariant((char)path[i + 2]));
                }
                else
                {
                    output.Add(value);
                }

                i += 2;
            }
            else
            {
                output.Add(path[i]);
            }
        }

        return [.. output];
    }

    private static string SortQuery(string query)
    {
        if (query.Length == 0)
        {
            return "";
        }

        // parse_qsl_to_bytes: split on & and ;, '+' is a space, percent-decode to bytes; blank values kept.
        var pairs = new List<(byte[] Key, byte[] Value)>();
        foreach (var part in query.Split('&', ';'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            pairs.Add((Unquote(key.Replace('+', ' ')), Unquote(value.Replace('+', ' '))));
        }

        pairs.Sort((a, b) =>
        {
            var byKey = a.Key.AsSpan().SequenceCompareTo(b.Key);
            return byKey != 0 ? byKey : a.Value.AsSpan().SequenceCompareTo(b.Value);
        });
        return string.Join('&', pairs.Select(p => QuotePlus(p.Key) + "=" + QuotePlus(p.Value)));
    }

    private static byte[] Unquote(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var output = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '%' && i + 2 < bytes.Length && IsHex(bytes[i + 1]) && IsHex(bytes[i + 2]))
            {
                output.Add((byte)((HexValue(bytes[i + 1]) << 4) | HexValue(bytes[i + 2])));
                i += 2;
            }
            else
            {
                output.Add(bytes[i]);
            }
        }

        return [.. output];
    }

    private static string QuotePlus(byte[] bytes) => Quote(bytes, QuerySafe + " ").Replace(' ', '+');

    private static string Quote(byte[] bytes, string safe)
    {
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b < 0x80 && safe.Contains((char)b, StringComparison.Ordinal))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
