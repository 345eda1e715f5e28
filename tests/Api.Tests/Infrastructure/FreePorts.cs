using System.Net;
using System.Net.Sockets;

namespace Voting.Api.Tests.Infrastructure;

/// <summary>
/// Hands out free loopback TCP ports, each at most once per test run, so that several hosted
/// silos in one process never ask for the same silo or gateway port.
/// </summary>
internal static class FreePorts
{
    private static readonly HashSet<int> Issued = [];

    public static int Next()
    {
        lock (Issued)
        {
            while (true)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (Issued.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
