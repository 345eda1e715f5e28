using System.Globalization;
using Voting.LoadTests.Measurement;

namespace Voting.LoadTests.Thresholds;

/// <summary>One command-line threshold compared with the measured figure.</summary>
public sealed record ThresholdResult(string Name, string Limit, string Actual, bool Passed);

/// <summary>Compares a run's figures with the thresholds given on the command line.</summary>
public static class ThresholdEvaluator
{
    /// <summary>Ramp limits used when the command line gives none: the p99 target of the product.</summary>
    public static readonly TimeSpan DefaultRampP99 = TimeSpan.FromMilliseconds(50);

    public const double DefaultRampErrorRate = 0.01;

    private static readonly string[] ErrorRateSteps =
    [
        PhaseRecorder.BallotStep, PhaseRecorder.VoteStep, PhaseRecorder.DoubleTapStep,
        PhaseRecorder.SecondVoteStep, PhaseRecorder.InvalidCredentialStep,
    ];

    /// <summary>
    /// Share of responses that were not the expected one, over the steps a delegate sees: ballot, vote (its final
    /// response after retries), double tap, second vote and invalid credential. Single retries are not counted.
    /// </summary>
    public static double ErrorRate(PhaseResult phase)
    {
        var steps = phase.Steps.Where(step => ErrorRateSteps.Contains(step.Name)).ToList();
        var total = steps.Sum(step => step.Latency.Count);
        return total == 0 ? 0 : steps.Sum(step => step.Unexpected) / (double)total;
    }

    /// <param name="throughput">Acknowledged votes per second; for a ramp, the highest rate that held.</param>
    public static List<ThresholdResult> Evaluate(HarnessSettings settings, PhaseResult phase, double throughput)
    {
        var results = new List<ThresholdResult>();
        if (settings.MaxP99 is { } maxP99)
        {
            var p99 = phase.Step(PhaseRecorder.VoteStep)?.Latency.P99 ?? 0;
            results.Add(new ThresholdResult(
                "vote p99 latency", "≤ " + Milliseconds(maxP99.TotalMilliseconds), Milliseconds(p99), p99 <= maxP99.TotalMilliseconds));
        }

        if (settings.MaxErrorRate is { } maxErrorRate)
        {
            var errorRate = ErrorRate(phase);
            results.Add(new ThresholdResult(
                "error rate", "≤ " + Percent(maxErrorRate), Percent(errorRate), errorRate <= maxErrorRate));
        }

        if (settings.MinThroughput is { } minThroughput)
        {
            results.Add(new ThresholdResult(
                "acknowledged votes/s",
                "≥ " + minThroughput.ToString("0.0", CultureInfo.InvariantCulture),
                throughput.ToString("0.0", CultureInfo.InvariantCulture),
                throughput >= minThroughput));
        }

        return results;
    }

    private static string Milliseconds(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + " ms";

    private static string Percent(double share) => (share * 100).ToString("0.000", CultureInfo.InvariantCulture) + " %";
}
