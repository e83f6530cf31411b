using System.Net;
using System.Net.Sockets;

namespace Testing;

/// <summary>A loopback TCP port that was free a moment ago, for servers that cannot bind port 0 themselves.</summary>
public static class FreePort
{
    /// <remarks>Another process may take the port before the caller binds it; callers that can see a failed bind retry.</remarks>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
