using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CrawlCluster.TestSupport;

/// <summary>What <see cref="LocalHttpServer"/> answers to one request.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Body">The body bytes.</param>
/// <param name="Headers">Extra headers (Content-Length is added unless <paramref name="DeclaredLength"/> overrides it).</param>
/// <param name="DeclaredLength">A Content-Length to claim instead of the body's (a server that lies).</param>
/// <param name="Hang">Never answer (a server that hangs).</param>
/// <param name="ResetMidBody">Send the head and half the body, then reset the connection.</param>
public sealed record LocalHttpResponse(int Status, byte[] Body, IReadOnlyDictionary<string, string>? Headers = null, long? DeclaredLength = null, bool Hang = false,
    bool ResetMidBody = false)
{
    /// <summary>A 200 with a UTF-8 HTML body.</summary>
    public static LocalHttpResponse Html(string html) => new(200, Encoding.UTF8.GetBytes(html), new Dictionary<string, string> { ["Content-Type"] = "text/html; charset=utf-8" });

    /// <summary>A redirect to <paramref name="location"/>.</summary>
    public static LocalHttpResponse Redirect(string location, int status = 302) => new(status, [], new Dictionary<string, string> { ["Location"] = location });
}

/// <summary>A request as <see cref="LocalHttpServer"/> received it.</summary>
/// <param name="Path">The request target (path and query).</param>
/// <param name="Headers">The request headers (names as sent).</param>
/// <param name="At">When it arrived.</param>
public sealed record LocalHttpRequest(string Path, IReadOnlyDictionary<string, string> Headers, DateTimeOffset At);

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 that answers each request from a handler, closing the connection after each
/// answer. It can hang or lie about its length, which well-behaved servers cannot be made to do.
/// </summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<LocalHttpRequest, LocalHttpResponse> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<LocalHttpRequest> _requests = [];
    private TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LocalHttpServer(Func<LocalHttpRequest, LocalHttpResponse> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The requests received so far.</summary>
    public IReadOnlyList<LocalHttpRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> requests have arrived.</summary>
    public async Task WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = Volatile.Read(ref _requested).Task;
            if (Requests.Count >= count)
            {
                return;
            }

            await next.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
    }

    /// <summary>A URL on this server, <c>http://127.0.0.1:port/path</c>.</summary>
    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    /// <summary>Starts a server answering with <paramref name="handler"/>.</summary>
    public static LocalHttpServer Start(Func<LocalHttpRequest, LocalHttpResponse> handler) => new(handler);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var request = await ReadRequestAsync(stream).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }

            lock (_requests)
            {
                _requests.Add(request);
            }

            Interlocked.Exchange(ref _requested, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

            var response = _handler(request);
            if (response.Hang)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token).ConfigureAwait(false);
            }

            var head = new StringBuilder($"HTTP/1.1 {response.Status} {ReasonOf(response.Status)}\r\n");
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }

            head.Append("Content-Length: ").Append(response.DeclaredLength ?? response.Body.Length).Append("\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token).ConfigureAwait(false);
            if (response.ResetMidBody)
            {
                await stream.WriteAsync(response.Body.AsMemory(0, response.Body.Length / 2), _stop.Token).ConfigureAwait(false);
                await stream.FlushAsync(_stop.Token).ConfigureAwait(false);
                client.Client.LingerState = new LingerOption(true, 0);
                client.Client.Close();
                return;
            }

            await stream.WriteAsync(response.Body, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server stopped: nothing to answer.
        }
    }

    private static async Task<LocalHttpRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new byte[16_384];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length)).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var lines = text[..end].Split("\r\n");
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var line in lines.Skip(1))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    headers[line[..colon]] = line[(colon + 1)..].Trim();
                }

                return new LocalHttpRequest(lines[0].Split(' ')[1], headers, DateTimeOffset.UtcNow);
            }
        }

        return null;
    }

    private static string ReasonOf(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
