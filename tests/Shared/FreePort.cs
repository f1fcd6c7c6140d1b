using System.Net;
using System.Net.Sockets;

namespace PersonalizationEngine.Testing;

/// <summary>A loopback TCP port that is free right now, for hosts started by tests.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
