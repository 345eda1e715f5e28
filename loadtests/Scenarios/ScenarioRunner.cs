using System.Diagnostics;
using Voting.LoadTests.Measurement;
using Voting.LoadTests.Thresholds;
using Voting.LoadTests.Voting;

namespace Voting.LoadTests.Scenarios;

/// <summary>A ramp step: the offered rate, what the server achieved, and whether the thresholds held.</summary>
public sealed record RampStepResult(double OfferedRate, double AcknowledgedPerSecond, double P99, double ErrorRate, bool WithinLimits);

/// <summary>Runs the warm-up and the scenarios' traffic shapes against a prepared election.</summary>
public sealed class ScenarioRunner(
    VoteClient client,
    VotePlan plan,
    HarnessSettings settings,
    RequestBudget budget,
    long runStartTimestamp,
    List<string> notes)
{
    private readonly int _maxSeconds = (int)Math.Ceiling(settings.MaxDuration.TotalSeconds) + 1;

    /// <summary>The phase now recording, for live progress.</summary>
    public PhaseRecorder? Current { get; private set; }

    public PhaseRecorder NewPhase(string name)
    {
        Current = new PhaseRecorder(name, runStartTimestamp, _maxSeconds);
        return Current;
    }

    /// <summary>Sends votes at <paramref name="rate"/> per second for <paramref name="duration"/> (open model).</summary>
    public async Task RunAtRateAsync(
        PhaseRecorder phase, IntentSource source, double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var count = (int)Math.Min(int.MaxValue, Math.Round(rate * duration.TotalSeconds));
        var exhausted = false;
        await OpenModelDispatcher.RunAsync(
            count,
            i => TimeSpan.FromSeconds(i / rate),
            Stopwatch.GetTimestamp(),
            (_, intended) =>
            {
                if (!source.TryNext(out var intent))
                {
                    exhausted = true;
                    return null;
                }

                return client.CastAsync(intent, phase, intended, cancellationToken);
            },
            () => budget.Exhausted,
            cancellationToken);
        if (exhausted)
        {
            notes.Add($"Phase '{phase.Name}' ran out of delegates before its end; raise --delegates or --max-delegates.");
        }
    }

    /// <summary>
    /// Releases delegates evenly over the window. Each fetches the ballot, then sends its votes in every category
    /// at once, as a phone does with votes it queued while the ballot loaded.
    /// </summary>
    public async Task RunCeremonyPeakAsync(
        PhaseRecorder phase, int firstDelegate, int delegateCount, TimeSpan window, CancellationToken cancellationToken)
    {
        await OpenModelDispatcher.RunAsync(
            delegateCount,
            i => window * ((double)i / delegateCount),
            Stopwatch.GetTimestamp(),
            (i, intended) => RunDelegateAsync(phase, firstDelegate + i, intended, cancellationToken),
            () => budget.Exhausted,
            cancellationToken);
    }

    /// <summary>Runs <see cref="HarnessSettings.Concurrency"/> clients that each vote again as soon as the previous vote completes.</summary>
    public async Task RunClosedAsync(PhaseRecorder phase, IntentSource source, TimeSpan duration, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, settings.Concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested && !budget.Exhausted
                   && source.TryNext(out var intent))
            {
                await client.CastAsync(intent, phase, Stopwatch.GetTimestamp(), cancellationToken);
            }
        }, CancellationToken.None));
        await Task.WhenAll(workers);
        if (source.Remaining == 0 && Stopwatch.GetTimestamp() < deadline)
        {
            notes.Add($"Phase '{phase.Name}' ran out of delegates before its end; raise --delegates or --max-delegates.");
        }
    }

    /// <summary>
    /// Raises the rate step by step until a step breaks the p99 or error-rate limit. Each step is its own phase.
    /// </summary>
    public async Task<List<RampStepResult>> RunRampAsync(
        IntentSource source, List<PhaseResult> phases, CancellationToken cancellationToken)
    {
        var steps = new List<RampStepResult>();
        var maxP99 = settings.MaxP99 ?? ThresholdEvaluator.DefaultRampP99;
        var maxErrorRate = settings.MaxErrorRate ?? ThresholdEvaluator.DefaultRampErrorRate;
        for (var rate = settings.RampStartRate; rate <= settings.RampMaxRate; rate += settings.RampStepRate)
        {
            if (cancellationToken.IsCancellationRequested || budget.Exhausted || source.Remaining == 0)
            {
                break;
            }

            var phase = NewPhase($"ramp-{rate:0}");
            await RunAtRateAsync(phase, source, rate, settings.RampStepDuration, cancellationToken);
            var result = phase.Snapshot();
            phases.Add(result);
            var p99 = result.Step(PhaseRecorder.VoteStep)?.Latency.P99 ?? 0;
            var errorRate = ThresholdEvaluator.ErrorRate(result);
            var withinLimits = p99 <= maxP99.TotalMilliseconds && errorRate <= maxErrorRate;
            steps.Add(new RampStepResult(rate, result.AcknowledgedPerSecond, p99, errorRate, withinLimits));
            if (!withinLimits)
            {
                break;
            }
        }

        return steps;
    }

    private async Task RunDelegateAsync(PhaseRecorder phase, int delegateIndex, long intended, CancellationToken cancellationToken)
    {
        if (delegateIndex >= plan.DelegateCount)
        {
            return;
        }

        await client.FetchBallotAsync(phase, intended, cancellationToken);
        var votesSent = Stopwatch.GetTimestamp();
        var votes = new Task[plan.CategoryCount];
        for (var category = 0; category < plan.CategoryCount; category++)
        {
            votes[category] = client.CastAsync(plan.Intent(delegateIndex, category), phase, votesSent, cancellationToken);
        }

        await Task.WhenAll(votes);
        var allAcknowledged = Enumerable.Range(0, plan.CategoryCount)
            .All(category => plan.Intent(delegateIndex, category).State == IntentState.Acknowledged);
        var outcome = new Outcome(OutcomeKind.Response, Status: allAcknowledged ? "all-acknowledged" : "incomplete");
        phase.Delegate.Record(intended, Stopwatch.GetTimestamp(), outcome, expected: allAcknowledged);
    }
}
