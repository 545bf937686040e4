using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace CrawlCluster.Crawler.Downloading;

/// <summary>
/// Fetches pages (CONTRACT.md Part B §2.8; issue 6): one HttpClient over SocketsHttpHandler whose pooled connections
/// are renewed every two minutes (fresh DNS for long-lived crawlers), no shared cookie jar, automatic decompression
/// with the decompressed body capped at DOWNLOAD_MAXSIZE, DOWNLOAD_TIMEOUT over the whole exchange, and redirects
/// followed here, hop by hop, so each is recorded and re-checked (<see cref="DownloadRequest.RedirectCheck"/>, the
/// network policy at connect time).
/// </summary>
internal sealed class PageDownloader : IDisposable
{
    private static readonly HashSet<HttpStatusCode> RedirectCodes =
        [HttpStatusCode.MovedPermanently, HttpStatusCode.Found, HttpStatusCode.SeeOther, HttpStatusCode.TemporaryRedirect, HttpStatusCode.PermanentRedirect];

    private static readonly Dictionary<string, string> EmptyHeaders = [];
    private readonly DownloaderOptions _options;
    private readonly HttpClient _client;

    /// <summary>Creates the downloader.</summary>
    /// <exception cref="FormatException">HOST_RESOLVE is malformed.</exception>
    public PageDownloader(DownloaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var resolver = new HostResolver(options.HostResolve);
        var policy = new NetworkPolicy(options.BlockPrivateNetworks);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = options.DnsCacheEnabled ? TimeSpan.FromMinutes(2) : TimeSpan.Zero,
            ConnectTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            MaxConnectionsPerServer = options.ConcurrentRequestsPerDomain,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context, resolver, policy, cancellationToken),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Fetches <paramref name="request"/>, following redirects.</summary>
    /// <exception cref="DownloadException">No response: timeout, connection failure, too large, blocked, or a redirect problem.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<DownloadResult> DownloadAsync(DownloadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Url.IsAbsoluteUri || request.Url.Scheme is not ("http" or "https"))
        {
            // Never a local file or another protocol, whatever a request or a spider asks for.
            throw new DownloadException(DownloadFailure.Blocked, $"{request.Url} is not an http(s) URL (never fetched)");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        var url = request.Url;
        var redirects = new List<Uri>();
        try
        {
            while (true)
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, url);
                message.Headers.TryAddWithoutValidation("User-Agent", request.UserAgent ?? _options.UserAgent);
                if (request.Headers?.ContainsKey("Accept") != true)
                {
                    message.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
                }

                if (request.Headers?.ContainsKey("Accept-Language") != true)
                {
                    message.Headers.TryAddWithoutValidation("Accept-Language", "en");
                }

                if (request.Cookie is { } cookie)
                {
                    message.Headers.TryAddWithoutValidation("Cookie", cookie);
                }

                foreach (var (name, value) in request.Headers ?? EmptyHeaders)
                {
                    message.Headers.TryAddWithoutValidation(name, value);
                }

                using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (RedirectCodes.Contains(response.StatusCode) && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                    if (redirects.Count >= _options.RedirectMaxTimes)
                    {
                        throw new DownloadException(DownloadFailure.Redirect, $"more than REDIRECT_MAX_TIMES ({_options.RedirectMaxTimes}) redirects from {request.Url}");
                    }

                    if (next.Scheme is not ("http" or "https"))
                    {
                        throw new DownloadException(DownloadFailure.Redirect, $"{url} redirects to {next}, which may not be followed");
                    }

                    if (request.RedirectCheck is { } check && await check(next, timeout.Token).ConfigureAwait(false) is { } refusal)
                    {
                        throw new DownloadException(DownloadFailure.Redirect, $"{url} redirects to {next}: {refusal}");
                    }

                    redirects.Add(url);
                    url = next;
                    continue;
                }

                var body = await ReadCappedAsync(response, timeout.Token).ConfigureAwait(false);
                return new DownloadResult(request.Url, url, (int)response.StatusCode, response.ReasonPhrase ?? "", Headers(response.Headers, response.Content.Headers),
                    Headers(message.Headers, null), body, redirects);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DownloadException(DownloadFailure.Timeout, $"no complete response from {url} within DOWNLOAD_TIMEOUT ({_options.TimeoutSeconds} s)");
        }
        catch (HttpRequestException ex) when (ex.InnerException is DownloadException blocked)
        {
            throw blocked;
        }
        catch (HttpRequestException ex)
        {
            throw new DownloadException(DownloadFailure.Connection, $"{url}: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new DownloadException(DownloadFailure.Connection, $"{url}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    private async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limit = _options.MaxSizeBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new DownloadException(DownloadFailure.TooLarge,
                $"{response.RequestMessage?.RequestUri} declares {response.Content.Headers.ContentLength} bytes, over DOWNLOAD_MAXSIZE ({limit})");
        }

        // Counted after decompression: a small compressed body can expand without bound. The body is read into a pooled
        // buffer, sized from Content-Length when there is one, and copied once into an array of its exact size.
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(response.Content.Headers.ContentLength + 1 ?? 16_384, 1_024, Math.Min(limit + 1, 1 << 20)));
        var length = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    throw new DownloadException(DownloadFailure.TooLarge, $"{response.RequestMessage?.RequestUri} is over DOWNLOAD_MAXSIZE ({limit} bytes)");
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The headers as they went over the wire: one value per header line, byte for byte. The parsed view would split a
    /// User-Agent into product tokens and re-space an Accept list.
    /// </summary>
    private static Dictionary<string, string[]> Headers(HttpHeaders headers, HttpHeaders? more)
    {
        var all = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in more is null ? headers.NonValidated : headers.NonValidated.Concat(more.NonValidated))
        {
            all[name] = [.. values];
        }

        return all;
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, HostResolver resolver, NetworkPolicy policy,
        CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new HttpRequestException($"{endPoint.Host} did not resolve: {ex.Message}", ex);
        }

        // Every address is checked, so a name cannot slip a forbidden address in beside an allowed one.
        foreach (var address in addresses)
        {
            if (policy.Refusal(address) is { } refusal)
            {
                throw new DownloadException(DownloadFailure.Blocked, $"{endPoint.Host}: {refusal}");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
