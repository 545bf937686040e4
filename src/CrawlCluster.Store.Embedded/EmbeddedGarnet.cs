using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Garnet;

namespace CrawlCluster.Store.Embedded;

/// <summary>
/// Garnet, Microsoft's Redis-protocol server, started inside this process on a free loopback port, so that the
/// embedded store runs the same StackExchange.Redis commands and Lua scripts as a real Redis (CONTRACT.md A.3).
/// Lua is on and transactional: every script passes every key it touches in KEYS.
/// </summary>
public sealed class EmbeddedGarnet : IDisposable
{
    private readonly GarnetServer _server;
    private int _disposed;

    private EmbeddedGarnet(GarnetServer server, int port)
    {
        _server = server;
        Port = port;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, for <c>REDIS_HOST</c>/<c>REDIS_PORT</c> or a connection string.</summary>
    public string EndPoint => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>Starts Garnet on a free loopback port (retrying if another process takes the port first).</summary>
    /// <param name="memory">The main store's memory, Garnet syntax (<c>256m</c>).</param>
    public static EmbeddedGarnet Start(string memory = "256m")
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            GarnetServer? server = null;
            try
            {
                server = new GarnetServer(
                [
                    "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
                    "--lua", "--lua-transaction-mode",
                    "-m", memory, "-i", "16m",
                    "-q",
                ]);
                server.Start();
                return new EmbeddedGarnet(server, port);
            }
            catch (Exception ex) when (attempt < 5 && ex is SocketException or InvalidOperationException or IOException)
            {
                // The port was taken between picking it and binding it; Garnet must be disposed exactly once.
                server?.Dispose();
            }
        }
    }

    /// <summary>Stops the server. Garnet crashes the process on a second dispose, so this guards it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _server.Dispose();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
