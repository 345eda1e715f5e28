using Orleans.Concurrency;

namespace Voting.Grains.Interfaces.Health;

/// <summary>
/// Checks that the ballot ledger of the silo that runs the call accepts writes. A stateless
/// worker, so the call runs on the silo it lands on and activates nothing durable.
/// </summary>
public interface ILedgerProbeGrain : IGrainWithIntegerKey
{
    [ReadOnly]
    Task<LedgerProbeResult> CheckAsync();
}

/// <summary>Whether the ledger accepts writes, with the reason when it does not.</summary>
[GenerateSerializer, Immutable, Alias("voting.LedgerProbeResult")]
public sealed record LedgerProbeResult([property: Id(0)] bool Writable, [property: Id(1)] string Detail);
