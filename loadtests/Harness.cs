using System.Diagnostics;
using System.Globalization;
using Voting.LoadTests.Correctness;
using Voting.LoadTests.Http;
using Voting.LoadTests.Measurement;
using Voting.LoadTests.Reports;
using Voting.LoadTests.Scenarios;
using Voting.LoadTests.Thresholds;
using Voting.LoadTests.Voting;

namespace Voting.LoadTests;

/// <summary>Exit codes of the harness.</summary>
public static class ExitCodes
{
    public const int Passed = 0;
    public const int ThresholdFailed = 1;
    public const int CorrectnessFailed = 2;
    public const int SetupFailed = 3;
}

public sealed record HarnessResult(int ExitCode, RunReport? Report, IReadOnlyList<string> ReportFiles);

/// <summary>
/// Runs one load test end to end: setup through the operator API, warm-up, the scenario, settling of votes
/// without a definite response, the correctness check, thresholds and report files.
/// </summary>
public sealed class Harness(HarnessSettings settings, TextWriter output, HttpMessageHandler? injectedHandler = null)
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(2);
    private const int SettleParallelism = 16;
    private const int CheckAttempts = 5;

    public async Task<HarnessResult> RunAsync(CancellationToken cancellationToken)
    {
        LoopbackGuard.EnsureAllowed(settings.BaseUrl, settings.AllowRemote);
        using var http = HarnessHttp.CreateClient(settings, injectedHandler);
        var startedAt = DateTimeOffset.UtcNow;
        var runId = startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

        var operatorToken = settings.OperatorToken
            ?? await OperatorTokenSource.RunApiCommandAsync(settings.RepositoryRoot, cancellationToken);
        var api = new OperatorApi(http, operatorToken);
        var prepared = await ElectionSetup.PrepareAsync(api, settings, runId, DelegatesNeeded, output, cancellationToken);
        var layout = prepared.Layout;

        var plan = new VotePlan(layout, layout.Delegates.Count, settings);
        var budget = new RequestBudget(settings.MaxRequests);
        var violations = new ViolationLog();
        var retryPolicy = new RetryPolicy(settings.MaxRetries, settings.RetryBaseDelay, settings.RetryMaxDelay);
        var client = new VoteClient(http, layout, budget, retryPolicy, violations, settings.RequestTimeout);
        var notes = new List<string>();
        var runStart = Stopwatch.GetTimestamp();
        var runner = new ScenarioRunner(client, plan, settings, budget, runStart, notes);

        using var runDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        runDeadline.CancelAfter(settings.MaxDuration);
        using var progressStop = new CancellationTokenSource();
        var progress = settings.Quiet
            ? Task.CompletedTask
            : new ProgressPrinter(output, budget, runner, runStart).RunAsync(progressStop.Token);

        var (warmup, phases, rampSteps) = await RunTrafficAsync(runner, plan, runDeadline.Token);
        await progressStop.CancelAsync();
        await progress;
        if (runDeadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            notes.Add($"The run reached --max-duration ({settings.MaxDuration}) and was cut short.");
        }

        if (budget.Exhausted)
        {
            notes.Add($"The run reached --max-requests ({settings.MaxRequests}) and stopped sending.");
        }

        using var checkDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        checkDeadline.CancelAfter(CheckTimeout);
        await SettleAsync(client, plan, notes, checkDeadline.Token);
        var correctness = await CheckAsync(api, layout, plan, violations, prepared.Baseline, checkDeadline.Token);

        var mainPhase = phases.Count > 0 ? phases[^1] : warmup;
        var throughput = settings.Scenario == ScenarioKind.Ramp
            ? rampSteps.Where(step => step.WithinLimits).Select(step => step.AcknowledgedPerSecond).DefaultIfEmpty(0).Max()
            : mainPhase.AcknowledgedPerSecond;
        var report = new RunReport
        {
            Scenario = CommandLine.ScenarioName(settings.Scenario),
            ElectionId = layout.ElectionId,
            StartedAt = startedAt,
            FinishedAt = DateTimeOffset.UtcNow,
            Machine = RunReport.DescribeMachine(),
            Settings = CommandLine.Describe(settings),
            Warmup = warmup,
            Phases = phases,
            RampSteps = rampSteps,
            Throughput = throughput,
            Thresholds = settings.Scenario == ScenarioKind.Ramp
                ? ThresholdEvaluator.Evaluate(settings with { MaxP99 = null, MaxErrorRate = null }, mainPhase, throughput)
                : ThresholdEvaluator.Evaluate(settings, mainPhase, throughput),
            Correctness = correctness,
            Notes = notes,
        };

        var directory = settings.ReportDirectory ?? Path.Combine("reports", $"{report.Scenario}-{runId}");
        var files = ReportDirectory.Write(report, directory);
        output.Write(TextReportWriter.Write(report));
        output.WriteLine($"Reports written to {Path.GetFullPath(directory)}");

        var exitCode = !correctness.Passed ? ExitCodes.CorrectnessFailed
            : !report.ThresholdsPassed ? ExitCodes.ThresholdFailed
            : ExitCodes.Passed;
        return new HarnessResult(exitCode, report, files);
    }

    /// <summary>Delegates the run needs for a ballot with the given number of categories.</summary>
    internal int DelegatesNeeded(int categoryCount)
    {
        var warmupVotes = settings.WarmupRate * settings.Warmup.TotalSeconds;
        double scenarioVotes = settings.Scenario switch
        {
            ScenarioKind.CeremonyPeak => (settings.Delegates ?? 1500) * (double)categoryCount,
            ScenarioKind.Steady => settings.Rate * settings.Duration.TotalSeconds,
            ScenarioKind.Ramp => RampVotes(),
            _ => (settings.Delegates ?? 10_000) * (double)categoryCount,
        };
        if (settings.Delegates is { } given && settings.Scenario != ScenarioKind.CeremonyPeak)
        {
            scenarioVotes = given * (double)categoryCount;
        }

        return (int)Math.Min(int.MaxValue, Math.Ceiling((warmupVotes + scenarioVotes) / categoryCount));
    }

    private double RampVotes()
    {
        double votes = 0;
        for (var rate = settings.RampStartRate; rate <= settings.RampMaxRate; rate += settings.RampStepRate)
        {
            votes += rate * settings.RampStepDuration.TotalSeconds;
        }

        return votes;
    }

    private async Task<(PhaseResult Warmup, List<PhaseResult> Phases, List<RampStepResult> RampSteps)> RunTrafficAsync(
        ScenarioRunner runner, VotePlan plan, CancellationToken cancellationToken)
    {
        var warmupDelegates = (int)Math.Ceiling(settings.WarmupRate * settings.Warmup.TotalSeconds / plan.CategoryCount);
        warmupDelegates = Math.Min(warmupDelegates, plan.DelegateCount);
        var warmupPhase = runner.NewPhase("warm-up");
        if (warmupDelegates > 0)
        {
            await runner.RunAtRateAsync(warmupPhase, plan.Source(0, warmupDelegates), settings.WarmupRate, settings.Warmup, cancellationToken);
        }

        var remaining = plan.DelegateCount - warmupDelegates;
        var phases = new List<PhaseResult>();
        var rampSteps = new List<RampStepResult>();
        switch (settings.Scenario)
        {
            case ScenarioKind.CeremonyPeak:
                var peak = runner.NewPhase("peak");
                await runner.RunCeremonyPeakAsync(peak, warmupDelegates, remaining, settings.Window, cancellationToken);
                phases.Add(peak.Snapshot());
                break;
            case ScenarioKind.Steady:
                var steady = runner.NewPhase("steady");
                await runner.RunAtRateAsync(steady, plan.Source(warmupDelegates, remaining), settings.Rate, settings.Duration, cancellationToken);
                phases.Add(steady.Snapshot());
                break;
            case ScenarioKind.Ramp:
                rampSteps = await runner.RunRampAsync(plan.Source(warmupDelegates, remaining), phases, cancellationToken);
                break;
            case ScenarioKind.Closed:
                var closed = runner.NewPhase("closed");
                await runner.RunClosedAsync(closed, plan.Source(warmupDelegates, remaining), settings.Duration, cancellationToken);
                phases.Add(closed.Snapshot());
                break;
        }

        return (warmupPhase.Snapshot(), phases, rampSteps);
    }

    private async Task SettleAsync(VoteClient client, VotePlan plan, List<string> notes, CancellationToken cancellationToken)
    {
        var unknown = plan.Intents.Where(intent => intent.State == IntentState.Unknown).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        output.WriteLine($"Replaying {unknown.Count} votes that got no definite response, with their original keys.");
        try
        {
            await Parallel.ForEachAsync(
                unknown,
                new ParallelOptions { MaxDegreeOfParallelism = SettleParallelism, CancellationToken = cancellationToken },
                async (intent, token) => await client.SettleAsync(intent, token));
        }
        catch (OperationCanceledException)
        {
            notes.Add("Settling votes without a definite response timed out; the remaining ones count as unresolved.");
        }
    }

    private static async Task<CorrectnessReport> CheckAsync(
        OperatorApi api, ElectionLayout layout, VotePlan plan, ViolationLog violations, AuditDocument baseline,
        CancellationToken cancellationToken)
    {
        var observations = Observations.FromPlan(plan, layout, violations);

        var attempt = 1;
        while (true)
        {
            var audit = await api.GetAuditAsync(layout.ElectionId, cancellationToken);
            var results = await api.GetResultsAsync(layout.ElectionId, cancellationToken);
            var turnout = await api.GetTurnoutAsync(layout.ElectionId, cancellationToken);
            var report = CorrectnessChecker.Check(observations, baseline, audit, results, turnout);

            // Live counters may trail the ledger by one batch, so a failed check is read again a few times.
            if (report.Passed || attempt == CheckAttempts)
            {
                return report;
            }

            attempt++;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
