namespace Voting.Grains.Ledger;

/// <summary>A cheap check, for readiness probes, that a ledger store can take a batch now.</summary>
public interface ILedgerProbe
{
    /// <summary>Returns null when the store accepts writes, otherwise the reason it does not.</summary>
    Task<string?> CheckWritableAsync(CancellationToken cancellationToken);
}
