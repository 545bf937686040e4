using System.Net;
using System.Net.Sockets;

namespace CrawlCluster.TestSupport;

/// <summary>A loopback TCP port that was free a moment ago (the caller retries if it lost the race).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
