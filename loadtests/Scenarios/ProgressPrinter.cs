using System.Diagnostics;
using Voting.LoadTests.Measurement;

namespace Voting.LoadTests.Scenarios;

/// <summary>Prints one progress line per second while a run sends traffic.</summary>
public sealed class ProgressPrinter(TextWriter output, RequestBudget budget, ScenarioRunner runner, long runStartTimestamp)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        long previousAcknowledged = 0;
        PhaseRecorder? previousPhase = null;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var phase = runner.Current;
                var acknowledged = phase?.AcknowledgedVotes ?? 0;
                var perSecond = ReferenceEquals(phase, previousPhase) ? acknowledged - previousAcknowledged : acknowledged;
                previousPhase = phase;
                previousAcknowledged = acknowledged;
                var elapsed = Stopwatch.GetElapsedTime(runStartTimestamp);
                output.WriteLine(
                    $"[{elapsed.TotalSeconds,6:0}s] {phase?.Name ?? "setup",-12} sent {budget.Sent,9} in flight {budget.InFlight,6} " +
                    $"acknowledged {acknowledged,9} ({perSecond}/s) unexpected {phase?.Vote.Unexpected ?? 0}");
            }
        }
        catch (OperationCanceledException)
        {
            // The run has finished; stopping the progress lines is all that is needed.
        }
    }
}
