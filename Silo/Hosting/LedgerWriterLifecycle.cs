using Orleans.Runtime;
using Voting.Grains.Ledger;

namespace Voting.Silo.Hosting;

/// <summary>
/// Drains the ledger writer when the silo stops, so queued votes commit before it leaves.
/// </summary>
/// <remarks>
/// A silo stops its lifecycle stages in descending order. In Orleans 10 the membership agent marks
/// the silo ShuttingDown at <see cref="ServiceLifecycleStage.BecomeActive"/> (no new activations
/// are placed here), and the silo deactivates every grain at
/// <see cref="ServiceLifecycleStage.GrainDeactivation"/>, which waits for the delegate grains'
/// running vote calls, and those wait for their batch to commit. The drain therefore runs at
/// <see cref="ServiceLifecycleStage.ApplicationServices"/>, after the grains are gone and before
/// silo-to-silo application messages are blocked (RuntimeServices) and the silo is marked Dead
/// (RuntimeInitialize). Draining any earlier would reject the votes that still-active grains
/// receive during the stop.
/// </remarks>
internal sealed class LedgerWriterLifecycle(LedgerWriter writer) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LedgerWriterLifecycle), ServiceLifecycleStage.ApplicationServices,
            _ => Task.CompletedTask, writer.DrainAsync);
}
