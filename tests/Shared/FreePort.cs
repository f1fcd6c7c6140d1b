using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PersonalizationEngine.Testing;

/// <summary>
/// A loopback TCP port that is free right now, for hosts started by tests. The OS may hand the same
/// ephemeral port out again once its listener is closed, and a host asks for several ports before
/// binding any (once two came back equal and the engine refused to start), so a port already given
/// out in this process is never returned twice.
/// </summary>
public static class FreePort
{
    private static readonly ConcurrentDictionary<int, bool> GivenOut = new();

    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (GivenOut.TryAdd(port, true)) return port;
        }
    }
}
