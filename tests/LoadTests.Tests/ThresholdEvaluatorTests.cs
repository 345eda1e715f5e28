using Voting.LoadTests.Measurement;
using Voting.LoadTests.Thresholds;

namespace Voting.LoadTests.Tests;

public sealed class ThresholdEvaluatorTests
{
    private static PhaseResult Phase(double voteP99, long votes, long unexpectedVotes) => new(
        "steady",
        TimeSpan.FromSeconds(10),
        votes - unexpectedVotes,
        (votes - unexpectedVotes) / 10.0,
        [
            new StepResult(PhaseRecorder.VoteStep, new LatencySummary(votes, 1, 2, 3, voteP99, voteP99, voteP99),
                new Dictionary<string, long>(), unexpectedVotes, votes / 10.0, []),
            new StepResult(PhaseRecorder.RetryStep, new LatencySummary(50, 1, 1, 1, 1, 1, 1),
                new Dictionary<string, long>(), 50, 5, []),
        ]);

    private static HarnessSettings Settings(TimeSpan? maxP99 = null, double? maxErrorRate = null, double? minThroughput = null) =>
        new() { Scenario = ScenarioKind.Steady, MaxP99 = maxP99, MaxErrorRate = maxErrorRate, MinThroughput = minThroughput };

    [Fact]
    public void NoThresholds_GiveNoResults()
    {
        Assert.Empty(ThresholdEvaluator.Evaluate(Settings(), Phase(10, 100, 0), 10));
    }

    [Theory]
    [InlineData(49.9, true)]
    [InlineData(50.0, true)]
    [InlineData(50.1, false)]
    public void P99_ComparesVoteStep(double p99, bool passed)
    {
        var result = Assert.Single(ThresholdEvaluator.Evaluate(Settings(maxP99: TimeSpan.FromMilliseconds(50)), Phase(p99, 100, 0), 10));

        Assert.Equal(passed, result.Passed);
    }

    [Fact]
    public void ErrorRate_IgnoresSingleRetries()
    {
        var phase = Phase(10, 1000, 5);

        Assert.Equal(0.005, ThresholdEvaluator.ErrorRate(phase), 6);
        Assert.True(Assert.Single(ThresholdEvaluator.Evaluate(Settings(maxErrorRate: 0.01), phase, 10)).Passed);
        Assert.False(Assert.Single(ThresholdEvaluator.Evaluate(Settings(maxErrorRate: 0.001), phase, 10)).Passed);
    }

    [Fact]
    public void MinThroughput_ComparesGivenThroughput()
    {
        Assert.True(Assert.Single(ThresholdEvaluator.Evaluate(Settings(minThroughput: 3000), Phase(1, 1, 0), 3000)).Passed);
        Assert.False(Assert.Single(ThresholdEvaluator.Evaluate(Settings(minThroughput: 3000), Phase(1, 1, 0), 2999.9)).Passed);
    }
}
