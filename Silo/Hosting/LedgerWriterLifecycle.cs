using Orleans.Runtime;
using Voting.Grains.Ledger;

namespace Voting.Silo.Hosting;

/// <summary>Drains the ledger writer when the silo stops, so queued votes commit before it leaves.</summary>
internal sealed class LedgerWriterLifecycle(LedgerWriter writer) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LedgerWriterLifecycle), ServiceLifecycleStage.Active,
            _ => Task.CompletedTask, writer.DrainAsync);
}
