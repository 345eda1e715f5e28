using Voting.LoadTests.Correctness;
using Voting.LoadTests.Measurement;
using Voting.LoadTests.Scenarios;
using Voting.LoadTests.Thresholds;

namespace Voting.LoadTests.Reports;

/// <summary>Everything the report files show about one run.</summary>
public sealed record RunReport
{
    public required string Scenario { get; init; }
    public required string ElectionId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required string Machine { get; init; }

    /// <summary>Settings as name and value pairs, in command-line spelling.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Settings { get; init; }

    public PhaseResult? Warmup { get; init; }

    /// <summary>The measured phases: one for most scenarios, one per step for a ramp.</summary>
    public required IReadOnlyList<PhaseResult> Phases { get; init; }

    public IReadOnlyList<RampStepResult> RampSteps { get; init; } = [];

    /// <summary>Acknowledged votes per second of the measured run; for a ramp, the highest rate that held.</summary>
    public double Throughput { get; init; }

    public required IReadOnlyList<ThresholdResult> Thresholds { get; init; }
    public required CorrectnessReport Correctness { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];

    public bool ThresholdsPassed => Thresholds.All(threshold => threshold.Passed);
    public bool Passed => ThresholdsPassed && Correctness.Passed;

    public static string DescribeMachine() =>
        $"{Environment.MachineName}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
        $".NET {Environment.Version}";
}
