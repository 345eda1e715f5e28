using Orleans.Concurrency;
using Voting.Grains.Interfaces.Health;
using Voting.Grains.Ledger;

namespace Voting.Grains.Health;

[StatelessWorker(1)]
public sealed class LedgerProbeGrain(IBallotLedgerStore store) : Grain, ILedgerProbeGrain
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<LedgerProbeResult> CheckAsync()
    {
        // NOTE: a store without a probe (a test double) is reported writable without a check.
        if (store is not ILedgerProbe probe)
        {
            return new LedgerProbeResult(true, "not checked: the ledger store has no probe");
        }

        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            var problem = await probe.CheckWritableAsync(timeout.Token);
            return problem is null ? new LedgerProbeResult(true, "writable") : new LedgerProbeResult(false, problem);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new LedgerProbeResult(false, $"the ledger did not answer within {Timeout.TotalSeconds:0} s");
        }
    }
}
