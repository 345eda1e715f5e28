using System.Net;
using System.Net.Sockets;

namespace Voting.Integration.Tests.Cluster;

/// <summary>
/// Free TCP ports on 127.0.0.1 for silo and gateway endpoints. A port is handed out at most once
/// per test run, so two hosts started in one process never ask for the same one.
/// </summary>
internal static class LoopbackPorts
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        lock (HandedOut)
        {
            while (true)
            {
                // NOTE: the probe closes before the silo binds the port, so another process could take it in between.
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
