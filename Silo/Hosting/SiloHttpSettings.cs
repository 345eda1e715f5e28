namespace Voting.Silo.Hosting;

/// <summary>The silo's own HTTP endpoint for probes, metrics and the dashboard (section <c>Voting:Silo</c>).</summary>
public sealed class SiloHttpSettings
{
    /// <summary>TCP port of the endpoint; 0 picks a free port.</summary>
    public int HttpPort { get; set; } = 8081;

    /// <summary>
    /// IP address to listen on. Loopback by default, because the dashboard it serves shows every
    /// grain. <c>0.0.0.0</c> opens probes and metrics to the network, but the dashboard still
    /// rejects callers that are not on this machine.
    /// </summary>
    public string HttpAddress { get; set; } = "127.0.0.1";
}
