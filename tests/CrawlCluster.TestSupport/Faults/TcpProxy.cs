using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CrawlCluster.TestSupport.Faults;

/// <summary>
/// A TCP forwarder on a free loopback port in front of a server (Redis, PostgreSQL) that can drop every connection
/// (a reset, as a failing switch or a restarted load balancer does), stall them (bytes stop flowing, the sockets stay
/// open) and slow them (a delay before each chunk it forwards). No chaos tool is available here, so this is ours.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, (Socket Client, Socket Server)> _connections = new();
    private readonly Task _accepting;
    private TaskCompletionSource _flowing = Open();
    private int _next;
    private long _delayTicks;

    private TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections open now.</summary>
    public int Connections => _connections.Count;

    /// <summary>How long each chunk waits before it is forwarded (zero: at once).</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>Starts forwarding to <c>127.0.0.1:<paramref name="targetPort"/></c>.</summary>
    public static TcpProxy Start(int targetPort) => new(targetPort);

    /// <summary>Resets every open connection, both sides; new connections are accepted as before.</summary>
    public int DropAll()
    {
        var dropped = 0;
        foreach (var (id, (client, server)) in _connections)
        {
            _connections.TryRemove(id, out _);
            Reset(client);
            Reset(server);
            dropped++;
        }

        return dropped;
    }

    /// <summary>Stops forwarding (nothing is read or written) until <see cref="Resume"/>.</summary>
    public void Stall()
    {
        var current = Volatile.Read(ref _flowing);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _flowing, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }
    }

    /// <summary>Lets bytes flow again.</summary>
    public void Resume() => Volatile.Read(ref _flowing).TrySetResult();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        Resume();
        DropAll();
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
            var client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var id = Interlocked.Increment(ref _next);
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _targetPort), _stop.Token).ConfigureAwait(false);
            _connections[id] = (client, server);
            // When either direction ends, the whole connection ends, as it would without the proxy in between.
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The target is down or the proxy stopped: the client sees its connection close.
        }
        finally
        {
            _connections.TryRemove(id, out _);
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                await Volatile.Read(ref _flowing).Task.WaitAsync(_stop.Token).ConfigureAwait(false);
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                if (Delay > TimeSpan.Zero)
                {
                    await Task.Delay(Delay, _stop.Token).ConfigureAwait(false);
                }

                await Volatile.Read(ref _flowing).Task.WaitAsync(_stop.Token).ConfigureAwait(false);
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Dropped, reset by the other side, or stopping.
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            // Linger 0: close sends a RST, not a FIN — a connection cut, not a polite goodbye.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.TrySetResult();
        return open;
    }
}
