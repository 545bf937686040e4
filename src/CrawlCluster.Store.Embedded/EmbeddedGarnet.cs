using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Garnet;
using StackExchange.Redis;

namespace CrawlCluster.Store.Embedded;

/// <summary>
/// Garnet, Microsoft's Redis-protocol server, started inside this process on a free loopback port, so that the
/// embedded store runs the same StackExchange.Redis commands and Lua scripts as a real Redis (CONTRACT.md A.3).
/// Lua is on and transactional: every script passes every key it touches in KEYS. With a data directory, the data is
/// checkpointed there when the server stops and recovered when it starts again, so an embedded cluster can be stopped
/// and resumed without losing its queues.
/// </summary>
internal sealed class EmbeddedGarnet : IDisposable
{
    private readonly GarnetServer _server;
    private readonly string? _dataDirectory;
    private int _disposed;

    private EmbeddedGarnet(GarnetServer server, int port, string? dataDirectory)
    {
        _server = server;
        Port = port;
        _dataDirectory = dataDirectory;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, for <c>REDIS_HOST</c>/<c>REDIS_PORT</c> or a connection string.</summary>
    public string EndPoint => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>Starts Garnet on a free loopback port (retrying if another process takes the port first).</summary>
    /// <param name="memory">The main store's memory, Garnet syntax (<c>256m</c>).</param>
    /// <param name="dataDirectory">Where to keep the data between runs; null keeps it in memory only.</param>
    public static EmbeddedGarnet Start(string memory = "256m", string? dataDirectory = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            GarnetServer? server = null;
            try
            {
                string[] arguments =
                [
                    "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
                    "--lua", "--lua-transaction-mode",
                    "-m", memory, "-i", "16m",
                    "-q",
                ];
                if (dataDirectory is not null)
                {
                    // The managed RandomAccess device: Garnet's native one needs libaio, which a plain machine lacks.
                    Directory.CreateDirectory(dataDirectory);
                    arguments = [.. arguments, "--checkpointdir", dataDirectory, "--recover", "--device-type", "RandomAccess"];
                }

                server = new GarnetServer(arguments);
                server.Start();
                return new EmbeddedGarnet(server, port, dataDirectory);
            }
            catch (Exception ex) when (attempt < 5 && ex is SocketException or InvalidOperationException or IOException)
            {
                // The port was taken between picking it and binding it; Garnet must be disposed exactly once.
                server?.Dispose();
            }
        }
    }

    /// <summary>Writes a checkpoint to the data directory now (also done on dispose).</summary>
    /// <exception cref="InvalidOperationException">The server was started without a data directory.</exception>
    public void Checkpoint()
    {
        if (_dataDirectory is null)
        {
            throw new InvalidOperationException("This embedded store keeps its data in memory only (no data directory).");
        }

        using var connection = ConnectionMultiplexer.Connect($"{EndPoint},abortConnect=true,connectTimeout=5000,syncTimeout=60000");
        connection.GetDatabase().Execute("SAVE");
    }

    /// <summary>
    /// Stops the server, checkpointing first when it has a data directory. Garnet crashes the process on a second
    /// dispose, so this guards it.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (_dataDirectory is not null)
            {
                Checkpoint();
            }
        }
        finally
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
