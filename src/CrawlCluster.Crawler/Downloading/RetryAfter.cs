using System.Globalization;

namespace CrawlCluster.Crawler.Downloading;

/// <summary>The <c>Retry-After</c> of a 429 or 503 answer (seconds or an HTTP date), capped at an hour.</summary>
internal static class RetryAfter
{
    /// <summary>The longest wait a server can impose on a domain.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    /// <summary>How long the server asks to wait, or null (not a 429/503, no or a malformed header).</summary>
    public static TimeSpan? Of(DownloadResult response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode is not (429 or 503) || !response.ResponseHeaders.TryGetValue("Retry-After", out var values) || values.Length == 0)
        {
            return null;
        }

        var value = values[0].Trim();
        TimeSpan? wait = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(Math.Min(seconds, (long)Longest.TotalSeconds))
            : DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date - now : null;
        return wait is { } w && w > TimeSpan.Zero ? (w < Longest ? w : Longest) : null;
    }
}
