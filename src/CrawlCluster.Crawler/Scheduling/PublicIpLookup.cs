using System.Text;
using System.Text.RegularExpressions;
using CrawlCluster.Crawler.Downloading;

namespace CrawlCluster.Crawler.Scheduling;

/// <summary>
/// The crawler's public IP, for throttle keys with SCHEDULER_IP_ENABLED (CONTRACT.md Part B §2.6): GET PUBLIC_IP_URL
/// and take the first IP_ADDR_REGEX match. Unlike the original — no timeout, and 127.0.0.1 on any failure, which
/// silently merged every crawler into one throttle (#26) — each attempt is bounded by DOWNLOAD_TIMEOUT, tried three
/// times, and a failure keeps the last IP learned (or none, so throttling falls back to the spider type) and says so.
/// </summary>
internal sealed class PublicIpLookup(PageDownloader downloader, SchedulerOptions options)
{
    private const int Attempts = 3;
    private readonly Regex _pattern = new(options.IpAddressRegex, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
    private volatile string? _current;

    /// <summary>The IP learned last, or null.</summary>
    public string? Current => _current;

    /// <summary>Asks PUBLIC_IP_URL again; returns null and keeps the last IP when it cannot be learned.</summary>
    /// <returns>The reason it could not be learned, or null when it was.</returns>
    public async Task<string?> RefreshAsync(CancellationToken cancellationToken)
    {
        string reason = "no attempt";
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                var response = await downloader.DownloadAsync(new DownloadRequest(new Uri(options.PublicIpUrl)), cancellationToken).ConfigureAwait(false);
                var match = _pattern.Match(Encoding.UTF8.GetString(response.Body));
                if (response.StatusCode is >= 200 and < 300 && match.Success)
                {
                    _current = match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
                    return null;
                }

                reason = $"{options.PublicIpUrl} answered {response.StatusCode} without a match for IP_ADDR_REGEX";
            }
            catch (DownloadException ex)
            {
                reason = ex.Message;
            }
            catch (UriFormatException ex)
            {
                return $"PUBLIC_IP_URL is not a URL: {ex.Message}";
            }
        }

        return reason;
    }
}
