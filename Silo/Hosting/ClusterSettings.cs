namespace Voting.Silo.Hosting;

/// <summary>Cluster identity and silo endpoints (section <c>Voting:Cluster</c>).</summary>
public sealed class ClusterSettings
{
    public string ClusterId { get; set; } = "voting";
    public string ServiceId { get; set; } = "voting";

    /// <summary>Port for silo-to-silo traffic.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port on which API processes (Orleans clients) reach this silo.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Address this silo advertises to the others. Empty: loopback with in-memory storage, the
    /// host's first non-loopback address otherwise. Loopback-only clusters set 127.0.0.1.
    /// </summary>
    public string? AdvertisedAddress { get; set; }
}
